// A webhook receiver for the api tests, as a receiver would write one: every delivery is
// verified with the Standard Webhooks library (the `standardwebhooks` npm package), then
// answered as the test has asked: ok (204), fail (500), slow (answers after --slow-ms),
// reset (the connection is destroyed without an answer), or redirect (302). A plain-HTTP
// control port on loopback sets the secrets and the mode and reads what arrived.
//
//   node tests/webhooks/receiver.mjs --port P --control-port C [--slow-ms 5000]
//
// Deliveries go to /hooks/<name>; POST /secret/<name> (the body: "whsec_...") sets the
// secrets that name verifies against (several lines: any of them); POST /mode/<mode>;
// GET /received lists every delivery in arrival order: {name, id, timestamp, verified, error,
// type, body}; POST /stop closes the delivery port, POST /start opens it again.
import * as http from 'node:http';
import { parseArgs } from 'node:util';

import { Webhook } from 'standardwebhooks';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    'control-port': { type: 'string' },
    'slow-ms': { type: 'string', default: '5000' },
  },
});

const secrets = new Map();  // name -> [secret]
const received = [];
let mode = 'ok';

function verify(name, body, headers) {
  const tried = secrets.get(name) ?? [];
  let error = 'no secret set for ' + name;
  for (const secret of tried) {
    try {
      new Webhook(secret).verify(body, headers);
      return { verified: true, error: null };
    } catch (e) {
      error = String(e.message ?? e);
    }
  }
  return { verified: false, error };
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

const hooks = http.createServer(async (req, res) => {
  const body = await readBody(req);
  const name = decodeURIComponent((req.url ?? '').replace(/^\/hooks\//, ''));
  const headers = {
    'webhook-id': req.headers['webhook-id'],
    'webhook-timestamp': req.headers['webhook-timestamp'],
    'webhook-signature': req.headers['webhook-signature'],
  };
  const { verified, error } = verify(name, body, headers);
  let type = null;
  try {
    type = JSON.parse(body).type;
  } catch {}
  received.push({ name, id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], verified, error, type,
                  body, mode });
  if (mode === 'reset') return req.socket.destroy();
  if (mode === 'fail') return res.writeHead(500, { 'content-type': 'text/plain' }).end('receiver failing on purpose');
  if (mode === 'redirect') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
  if (mode === 'slow') return setTimeout(() => res.writeHead(204).end(), Number(args['slow-ms']));
  res.writeHead(204).end();
});
hooks.keepAliveTimeout = 1000;

function listen() {
  return new Promise((resolve) => hooks.listen(Number(args.port), '127.0.0.1', resolve));
}

const control = http.createServer(async (req, res) => {
  const body = await readBody(req);
  const url = req.url ?? '';
  const reply = (status, value) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  if (req.method === 'GET' && url === '/health') return reply(200, { up: true });
  if (req.method === 'GET' && url === '/received') return reply(200, received);
  if (req.method === 'POST' && url.startsWith('/secret/')) {
    secrets.set(decodeURIComponent(url.slice('/secret/'.length)), body.split('\n').filter((s) => s.length > 0));
    return reply(200, { ok: true });
  }
  if (req.method === 'POST' && url.startsWith('/mode/')) {
    mode = url.slice('/mode/'.length);
    return reply(200, { mode });
  }
  if (req.method === 'POST' && url === '/stop') {
    hooks.closeAllConnections();
    return hooks.close(() => reply(200, { up: false }));
  }
  if (req.method === 'POST' && url === '/start') {
    await listen();
    return reply(200, { up: true });
  }
  reply(404, { error: 'unknown control ' + url });
});

await listen();
control.listen(Number(args['control-port']), '127.0.0.1');
