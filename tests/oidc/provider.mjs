// A real OpenID Connect provider for the api tests: oidc-provider (OpenID Certified) over HTTPS
// on loopback, issuing JWT access tokens for incommon's audience, plus a plain-HTTP control
// port on loopback through which a test gets tokens, rotates the signing key, takes the
// provider down and up, and forges the tokens no provider would issue.
//
//   node tests/oidc/provider.mjs --port P --control-port C --cert F --key F [--claim roles] [--alg ES256]
//
// The people are clients of the client-credentials grant: each client's id is the person's
// `sub`, and its claims (roles or groups, name, email) are added to its access tokens, the way
// an identity provider adds a user's app roles. Only the grant differs from a user's sign-in;
// the token, its signature, the discovery document and the JWKS are the provider's own.
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';
import * as jose from 'jose';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    'control-port': { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
    claim: { type: 'string', default: 'roles' },
    alg: { type: 'string', default: 'ES256' },
  },
});
const issuer = `https://127.0.0.1:${args.port}`;
const audience = 'https://incommon.test/api';
const otherAudience = 'https://another-service.test/api';

// name -> what the person's tokens say about them
const people = {
  'ada-admin': { values: ['Incommon.Admin'], name: 'Ada Admin', email: 'ada.admin@example.nhs.uk' },
  'gina-governance': { values: ['Incommon.Governance'], name: 'Gina Governance', email: 'gina@example.nhs.uk' },
  'tom-transformation': { values: ['Incommon.Transformation'], name: 'Tom Transformation' },
  'erin-engagement': { values: ['Incommon.Engagement'], name: 'Erin Engagement', email: 'erin@example.nhs.uk' },
  'vic-viewer': { values: ['Incommon.Viewer'], name: 'Vic Viewer' },
  // two values: the higher of the two roles wins
  'max-two-roles': { values: ['Incommon.Viewer', 'Incommon.Governance', 'Unrelated.Role'], name: 'Max Two' },
  'nobody-mapped': { values: ['Unrelated.Role'], name: 'Nora Nobody' },
  'short-lived': { values: ['Incommon.Governance'], name: 'Sam Short', ttl: 1 },
};

async function newKey() {
  const { privateKey } = await jose.generateKeyPair(args.alg, { extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  jwk.kid = crypto.randomBytes(8).toString('hex');
  jwk.alg = args.alg;
  jwk.use = 'sig';
  return jwk;
}

let keys = [await newKey()];  // signing key first
let provider;
let jwksRequests = 0;

function makeProvider() {
  const p = new Provider(issuer, {
    jwks: { keys },
    clientDefaults: { id_token_signed_response_alg: args.alg },
    clients: Object.keys(people).map((id) => ({
      client_id: id,
      client_secret: `secret-of-${id}`,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
    })),
    features: {
      clientCredentials: { enabled: true },
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        getResourceServerInfo: (ctx, resource) => {
          if (resource !== audience && resource !== otherAudience) throw new Provider.errors.InvalidTarget();
          return {
            scope: 'api',
            audience: resource,
            accessTokenFormat: 'jwt',
            accessTokenTTL: people[ctx.oidc.client.clientId]?.ttl ?? 600,
            jwt: { sign: { alg: args.alg } },
          };
        },
      },
    },
    extraTokenClaims: (ctx, token) => {
      const who = people[token.clientId];
      if (!who) return undefined;
      const claims = { [args.claim]: who.values, name: who.name };
      if (who.email) claims.email = who.email;
      return claims;
    },
  });
  p.on('server_error', (ctx, err) => console.error('provider error', err));
  return p;
}
provider = makeProvider();

const tls = { cert: fs.readFileSync(args.cert), key: fs.readFileSync(args.key) };
const site = https.createServer(tls, (req, res) => {
  if (req.url.startsWith('/jwks')) jwksRequests += 1;
  provider.callback()(req, res);
});
const listen = () => new Promise((resolve) => site.listen(Number(args.port), '127.0.0.1', resolve));
const close = () => new Promise((resolve) => { site.close(resolve); site.closeAllConnections(); });
let up = false;

async function token(client, resource) {
  // A real token request to the provider, over HTTPS (NODE_EXTRA_CA_CERTS trusts its certificate).
  const body = new URLSearchParams({ grant_type: 'client_credentials', scope: 'api', resource: resource || audience });
  const r = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${client}:secret-of-${client}`).toString('base64')}`,
    },
    body,
  });
  const answer = await r.json();
  if (!r.ok) throw new Error(`token request for ${client}: ${r.status} ${JSON.stringify(answer)}`);
  return answer.access_token;
}

// Tokens no honest provider issues: each for incommon's audience, from this issuer.
async function forge(kind) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: 'mallory', name: 'Mallory', [args.claim]: ['Incommon.Admin'], iss: issuer, aud: audience, iat: now, exp: now + 600 };
  const signing = keys[0];
  if (kind === 'stranger' || kind === 'stranger-new-kid') {
    // Signed by a key the provider never published, under the provider's kid or one of its own.
    const { privateKey } = await jose.generateKeyPair(args.alg);
    const kid = kind === 'stranger' ? signing.kid : crypto.randomBytes(8).toString('hex');
    return new jose.SignJWT(claims).setProtectedHeader({ alg: args.alg, kid, typ: 'at+jwt' }).sign(privateKey);
  }
  if (kind === 'not-yet-valid') {
    const key = await jose.importJWK(signing, args.alg);
    return new jose.SignJWT({ ...claims, nbf: now + 3600 })
      .setProtectedHeader({ alg: args.alg, kid: signing.kid, typ: 'at+jwt' }).sign(key);
  }
  if (kind === 'hs256') {
    // HMAC keyed with the public key's JSON: the classic algorithm-confusion forgery.
    const publicJwk = { ...signing };
    delete publicJwk.d;
    const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
    return new jose.SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: signing.kid }).sign(secret);
  }
  if (kind === 'none') {
    const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
    return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
  }
  throw new Error(`no forgery called ${kind}`);
}

const control = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://control');
  const send = (status, value) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  try {
    if (url.pathname === '/token') return send(200, { token: await token(url.searchParams.get('client'), url.searchParams.get('resource')) });
    if (url.pathname === '/forge') return send(200, { token: await forge(url.searchParams.get('kind')) });
    if (url.pathname === '/rotate') {
      keys = [await newKey(), ...keys];
      provider = makeProvider();
      return send(200, { kid: keys[0].kid });
    }
    if (url.pathname === '/stop') { if (up) { await close(); up = false; } return send(200, { up }); }
    if (url.pathname === '/start') { if (!up) { await listen(); up = true; } return send(200, { up }); }
    if (url.pathname === '/jwks-requests') return send(200, { count: jwksRequests });
    if (url.pathname === '/health') return send(200, { issuer, audience, up });
    return send(404, { error: 'no such control' });
  } catch (e) {
    return send(500, { error: String(e.stack || e) });
  }
});

await listen();
up = true;
control.listen(Number(args['control-port']), '127.0.0.1', () => console.log(`oidc-provider ${issuer} ready`));
process.on('SIGTERM', () => process.exit(0));
