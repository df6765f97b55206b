// The front end's tour: every operation of the contract, called through openapi-fetch with the
// types openapi-typescript generates from openapi/openapi.yaml, over the demo data. `tsc --strict`
// checks each call against the contract; the run checks each answer. Every request is printed as
//   CALL <method> <path> <status>
// and the api test that runs this (Story.TheTypedClientCallsEveryOperation) fails on any
// operation of the contract the tour did not call.
//   node build/client/tour.js http://localhost:8080 <admin token>
import createClient from "openapi-fetch";
import type { paths } from "./generated/api";

declare const process: { argv: string[]; exit(code: number): never };

const [base, adminToken] = process.argv.slice(2);
if (!base || !adminToken) throw new Error("usage: tour.js BASE_URL ADMIN_TOKEN");

const client = createClient<paths>({
  baseUrl: base,
  headers: { Authorization: `Bearer ${adminToken}` },
  // The contract's list filters are `style: form, explode: false`: status=proposed,attached.
  querySerializer: { array: { style: "form", explode: false } },
});
// The public, as a browser without a token would call.
const open = createClient<paths>({ baseUrl: base });
// Read your writes: every write answers WAL-Position, and every later read sends back the
// newest this client was given, so that no hot standby that has not replayed its writes answers
// it (the server then reads from the primary). Positions are PostgreSQL's pg_lsn, "X/Y" in hex.
function walOrder(position: string): bigint {
  const [high, low] = position.split("/");
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}
for (const c of [client, open]) {
  let walPosition: string | undefined;
  c.use({
    onRequest({ request }) {
      if (walPosition && request.method === "GET") request.headers.set("WAL-Position", walPosition);
      return request;
    },
    onResponse({ request, response }) {
      console.log(`CALL ${request.method} ${new URL(request.url).pathname} ${response.status}`);
      const given = response.headers.get("WAL-Position");
      if (given && (!walPosition || walOrder(given) > walOrder(walPosition))) walPosition = given;
    },
  });
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

// The data of a successful answer, or the tour stops with what went wrong.
async function ok<T>(what: string, call: Promise<Answer<T>>): Promise<T> {
  const r = await call;
  if (!r.response.ok || r.data === undefined)
    throw new Error(`${what}: ${r.response.status} ${JSON.stringify(r.error ?? null)}`);
  return r.data;
}

// The same, with the answer's ETag (what the next change sends as If-Match).
async function versioned<T>(what: string, call: Promise<Answer<T>>): Promise<[T, string]> {
  const r = await call;
  if (!r.response.ok || r.data === undefined)
    throw new Error(`${what}: ${r.response.status} ${JSON.stringify(r.error ?? null)}`);
  const etag = r.response.headers.get("ETag");
  if (!etag) throw new Error(`${what}: no ETag`);
  return [r.data, etag];
}

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}
function at(offset: number, hour: number): string {
  return `${day(offset)}T${String(hour).padStart(2, "0")}:00:00Z`;
}

async function operations(): Promise<void> {
  await ok("health", client.GET("/healthz"));
  await ok("ready", client.GET("/readyz"));
  await ok("metrics", client.GET("/metrics", { parseAs: "text" }));
  await ok("contract", client.GET("/openapi.yaml", { parseAs: "text" }));
  await ok("docs", client.GET("/docs", { parseAs: "text" }));
  await ok("docs script", client.GET("/docs/redoc.standalone.js", { parseAs: "text" }));
  const types = await ok("problem types", client.GET("/problems"));
  if (typeof types === "string") throw new Error("/problems answered HTML to a JSON client");
  const first = types.items[0];
  if (!first) throw new Error("no problem types");
  await ok("problem type", client.GET("/problems/{name}", { params: { path: { name: first.type.split("/").pop() ?? "" } } }));
}

async function tokens(): Promise<void> {
  const me = await ok("me", client.GET("/api/v1/me"));
  if (me.role !== "admin" || !me.areas.includes("tokens")) throw new Error("me: " + JSON.stringify(me));
  const made = await ok("create token", client.POST("/api/v1/tokens", { body: { name: `Tour viewer ${Date.now()}`, role: "viewer" } }));
  await ok("list tokens", client.GET("/api/v1/tokens", { params: { query: { limit: 5 } } }));
  const feed = await ok("create feed token", client.POST("/api/v1/tokens", { body: { name: `Tour calendar ${Date.now()}`, kind: "feed" } }));
  if (feed.kind !== "feed" || feed.role !== "viewer") throw new Error("a feed token reads as a viewer");
  await ok("get token", client.GET("/api/v1/tokens/{id}", { params: { path: { id: made.id } } }));
  await ok("revoke token", client.POST("/api/v1/tokens/{id}/revoke", { params: { path: { id: made.id } }, body: {} }));
  await ok("token history", client.GET("/api/v1/tokens/{id}/history", { params: { path: { id: made.id } } }));
}

// Webhooks: the URL must be public https (the tour's server allows no loopback host), so
// nothing is delivered; the subscription, its secret and its (empty) deliveries are real.
async function webhooks(): Promise<void> {
  const made = await ok("create webhook", client.POST("/api/v1/webhooks", { body: { url: "https://hooks.example.org/incommon-tour", event_types: ["milestone.rag_changed", "caveat.overdue"], description: "Tour channel" } }));
  if (!made.secret.startsWith("whsec_")) throw new Error("create webhook: no whsec_ secret");
  await ok("list webhooks", client.GET("/api/v1/webhooks", { params: { query: { limit: 5 } } }));
  const [, tag] = await versioned("get webhook", client.GET("/api/v1/webhooks/{id}", { params: { path: { id: made.id } } }));
  const [, changedTag] = await versioned("update webhook", client.PATCH("/api/v1/webhooks/{id}", { params: { path: { id: made.id }, header: { "If-Match": tag } }, body: { event_types: ["milestone.rag_changed", "milestone.overdue"] } }));
  const [off, offTag] = await versioned("disable webhook", client.POST("/api/v1/webhooks/{id}/disable", { params: { path: { id: made.id }, header: { "If-Match": changedTag } }, body: { reason: "Tour over" } }));
  if (off.enabled || off.disabled_reason !== "Tour over") throw new Error("disable webhook: " + JSON.stringify(off));
  const [, onTag] = await versioned("enable webhook", client.POST("/api/v1/webhooks/{id}/enable", { params: { path: { id: made.id }, header: { "If-Match": offTag } }, body: {} }));
  const rotated = await ok("rotate webhook secret", client.POST("/api/v1/webhooks/{id}/rotate-secret", { params: { path: { id: made.id }, header: { "If-Match": onTag } }, body: {} }));
  if (rotated.secret === made.secret || !rotated.previous_secret_expires_at) throw new Error("rotate webhook secret: " + JSON.stringify(rotated));
  await ok("webhook history", client.GET("/api/v1/webhooks/{id}/history", { params: { path: { id: made.id } } }));
  const listed = await ok("webhook deliveries", client.GET("/api/v1/webhooks/{id}/deliveries", { params: { path: { id: made.id } } }));
  // No delivery to send again: the retry of an unknown one is a 404 of the contract.
  const missing = await client.POST("/api/v1/webhooks/{id}/deliveries/{delivery_id}/retry", { params: { path: { id: made.id, delivery_id: listed.items[0]?.id ?? "00000000-0000-4000-8000-000000000000" } }, body: {} });
  if (missing.response.status !== 404 && missing.response.status !== 202) throw new Error("retry delivery: " + missing.response.status);
}

async function tour(): Promise<void> {
  const stamp = String(Date.now());
  await operations();
  await tokens();
  await webhooks();

  // Organisations, people and who holds office.
  const north = await ok("create organisation", client.POST("/api/v1/organisations", { body: { name: `NHS Tour North ${stamp}`, type: "ccg" } }));
  const south = await ok("create organisation", client.POST("/api/v1/organisations", { body: { name: `NHS Tour South ${stamp}`, type: "ccg" } }));
  const lmc = await ok("create organisation", client.POST("/api/v1/organisations", { body: { name: `Tour LMC ${stamp}`, type: "lmc" } }));
  const orgs = await ok("list organisations", client.GET("/api/v1/organisations", { params: { query: { ids: [north.id, south.id], type: ["ccg"] } } }));
  if (orgs.items.length !== 2) throw new Error("ids= and type= found " + orgs.items.length);
  const [, northTag] = await versioned("get organisation", client.GET("/api/v1/organisations/{id}", { params: { path: { id: north.id } } }));
  // A conditional read: the same ETag back is a 304, which openapi-fetch reports as no data.
  const again = await client.GET("/api/v1/organisations/{id}", { params: { path: { id: north.id }, header: { "If-None-Match": northTag } } });
  if (again.response.status !== 304) throw new Error("If-None-Match: " + again.response.status);
  await ok("update organisation", client.PATCH("/api/v1/organisations/{id}", { params: { path: { id: north.id }, header: { "If-Match": northTag } }, body: { population: 600000 } }));
  await ok("organisation history", client.GET("/api/v1/organisations/{id}/history", { params: { path: { id: north.id } } }));

  const person = await ok("create person", client.POST("/api/v1/people", { body: { full_name: `Tour Officer ${stamp}`, email: `officer.${stamp}@example.org` } }));
  await ok("list people", client.GET("/api/v1/people", { params: { query: { ids: [person.id] } } }));
  const [, personTag] = await versioned("get person", client.GET("/api/v1/people/{id}", { params: { path: { id: person.id } } }));
  await ok("update person", client.PATCH("/api/v1/people/{id}", { params: { path: { id: person.id }, header: { "If-Match": personTag } }, body: { title: "Dr" } }));
  await ok("person history", client.GET("/api/v1/people/{id}/history", { params: { path: { id: person.id } } }));

  const appointment = await ok("create appointment", client.POST("/api/v1/appointments", { body: { person_id: person.id, role: "accountable_officer", organisation_ids: [north.id, south.id], starts_on: day(-30) } }));
  await ok("list appointments", client.GET("/api/v1/appointments", { params: { query: { role: ["accountable_officer"], person_id: person.id } } }));
  const [, appointmentTag] = await versioned("get appointment", client.GET("/api/v1/appointments/{id}", { params: { path: { id: appointment.id } } }));
  await ok("update appointment", client.PATCH("/api/v1/appointments/{id}", { params: { path: { id: appointment.id }, header: { "If-Match": appointmentTag } }, body: { ends_on: day(300) } }));
  await ok("appointment history", client.GET("/api/v1/appointments/{id}/history", { params: { path: { id: appointment.id } } }));
  await ok("office holders", client.GET("/api/v1/organisations/{id}/office-holders", { params: { path: { id: north.id } } }));

  // Money.
  const position = await ok("create financial position", client.POST("/api/v1/organisations/{id}/financial-positions", { params: { path: { id: north.id } }, body: { financial_year: "2019/20", in_year_surplus_pence: -120000000 } }));
  await ok("list financial positions", client.GET("/api/v1/organisations/{id}/financial-positions", { params: { path: { id: north.id } } }));
  await ok("summarise financial positions", client.GET("/api/v1/financial-positions/summary", { params: { query: { financial_year: "2019/20", organisation_ids: [north.id] } } }));
  const [, positionTag] = await versioned("get financial position", client.GET("/api/v1/financial-positions/{id}", { params: { path: { id: position.id } } }));
  await ok("update financial position", client.PATCH("/api/v1/financial-positions/{id}", { params: { path: { id: position.id }, header: { "If-Match": positionTag } }, body: { cumulative_position_pence: -300000000 } }));
  await ok("financial position history", client.GET("/api/v1/financial-positions/{id}/history", { params: { path: { id: position.id } } }));

  // Meetings in common, their agenda, attendance, declarations and quorum.
  const meeting = await ok("create meeting", client.POST("/api/v1/meetings", { body: { title: `Boards in common ${stamp}`, kind: "governing_body_in_common", organisation_ids: [north.id, south.id], starts_at: at(-1, 10), ends_at: at(-1, 12) } }));
  await ok("list meetings", client.GET("/api/v1/meetings", { params: { query: { kind: ["governing_body_in_common"], organisation_id: north.id } } }));
  const meetings = await ok("meetings calendar", client.GET("/api/v1/meetings.ics", { params: { query: { organisation_id: north.id } }, parseAs: "text" }));
  if (!meetings.includes(`UID:meeting-${meeting.id}@incommon`)) throw new Error("the meetings calendar has the meeting");
  await ok("get meeting", client.GET("/api/v1/meetings/{id}", { params: { path: { id: meeting.id } } }));
  await ok("meeting history", client.GET("/api/v1/meetings/{id}/history", { params: { path: { id: meeting.id } } }));
  const item = await ok("create agenda item", client.POST("/api/v1/meetings/{id}/agenda-items", { params: { path: { id: meeting.id } }, body: { number: "1", title: "The case for one organisation", purpose: "decision" } }));
  await ok("list agenda items", client.GET("/api/v1/meetings/{id}/agenda-items", { params: { path: { id: meeting.id } } }));
  const [, itemTag] = await versioned("get agenda item", client.GET("/api/v1/agenda-items/{id}", { params: { path: { id: item.id } } }));
  await ok("update agenda item", client.PATCH("/api/v1/agenda-items/{id}", { params: { path: { id: item.id }, header: { "If-Match": itemTag } }, body: { papers_url: "https://example.org/papers.pdf" } }));
  await ok("agenda item history", client.GET("/api/v1/agenda-items/{id}/history", { params: { path: { id: item.id } } }));
  const attendance = await ok("create attendance", client.POST("/api/v1/meetings/{id}/attendance", { params: { path: { id: meeting.id } }, body: { person_id: person.id, organisation_id: north.id, status: "present" } }));
  await ok("list attendance", client.GET("/api/v1/meetings/{id}/attendance", { params: { path: { id: meeting.id } } }));
  const [, attendanceTag] = await versioned("get attendance", client.GET("/api/v1/attendance/{id}", { params: { path: { id: attendance.id } } }));
  await ok("update attendance", client.PATCH("/api/v1/attendance/{id}", { params: { path: { id: attendance.id }, header: { "If-Match": attendanceTag } }, body: { voting: true } }));
  await ok("attendance history", client.GET("/api/v1/attendance/{id}/history", { params: { path: { id: attendance.id } } }));
  const declaration = await ok("create declaration", client.POST("/api/v1/meetings/{id}/declarations", { params: { path: { id: meeting.id } }, body: { person_id: person.id, agenda_item_id: item.id, interest: "A partner practice", action: "stayed_did_not_vote" } }));
  await ok("list declarations", client.GET("/api/v1/meetings/{id}/declarations", { params: { path: { id: meeting.id } } }));
  const [, declarationTag] = await versioned("get declaration", client.GET("/api/v1/declarations/{id}", { params: { path: { id: declaration.id } } }));
  await ok("update declaration", client.PATCH("/api/v1/declarations/{id}", { params: { path: { id: declaration.id }, header: { "If-Match": declarationTag } }, body: { action: "withdrew" } }));
  await ok("declaration history", client.GET("/api/v1/declarations/{id}/history", { params: { path: { id: declaration.id } } }));
  await ok("quorum", client.GET("/api/v1/meetings/{id}/quorum", { params: { path: { id: meeting.id } } }));
  const [, meetingTag] = await versioned("get meeting", client.GET("/api/v1/meetings/{id}", { params: { path: { id: meeting.id } } }));
  await ok("update meeting", client.PATCH("/api/v1/meetings/{id}", { params: { path: { id: meeting.id }, header: { "If-Match": meetingTag } }, body: { status: "held" } }));

  // Decisions: taken, ratified, rescinded.
  const outcomes = [
    { organisation_id: north.id, outcome: "approved" as const },
    { organisation_id: south.id, outcome: "approved" as const },
  ];
  const decision = await ok("create decision", client.POST("/api/v1/decisions", { body: { title: `Proceed to one organisation ${stamp}`, decided_on: day(-1), outcomes } }));
  await ok("list decisions", client.GET("/api/v1/decisions", { params: { query: { status: ["draft", "ratified"], ids: [decision.id] } } }));
  const [, decisionTag] = await versioned("get decision", client.GET("/api/v1/decisions/{id}", { params: { path: { id: decision.id } } }));
  const [, changedTag] = await versioned("update decision", client.PATCH("/api/v1/decisions/{id}", { params: { path: { id: decision.id }, header: { "If-Match": decisionTag } }, body: { summary: "With locality arrangements." } }));
  await ok("ratify decision", client.POST("/api/v1/decisions/{id}/ratify", { params: { path: { id: decision.id }, header: { "If-Match": changedTag } }, body: {} }));
  await ok("decision history", client.GET("/api/v1/decisions/{id}/history", { params: { path: { id: decision.id } } }));
  const mistaken = await ok("create decision", client.POST("/api/v1/decisions", { body: { title: `Recorded in error ${stamp}`, decided_on: day(-1) } }));
  await ok("rescind decision", client.POST("/api/v1/decisions/{id}/rescind", { params: { path: { id: mistaken.id }, header: { "If-Match": "*" } }, body: { reason: "Recorded in error." } }));

  // The programme: milestones, updates, rebaselining, risks, money, the critical path, the dashboard.
  const programme = await ok("create programme", client.POST("/api/v1/programmes", { body: { name: `Tour merger ${stamp}`, target_date: day(200), status: "active", organisation_ids: [north.id, south.id] } }));
  await ok("list programmes", client.GET("/api/v1/programmes", { params: { query: { status: ["active", "planning"], as_of: day(0) } } }));
  const [, programmeTag] = await versioned("get programme", client.GET("/api/v1/programmes/{id}", { params: { path: { id: programme.id } } }));
  await ok("update programme", client.PATCH("/api/v1/programmes/{id}", { params: { path: { id: programme.id }, header: { "If-Match": programmeTag } }, body: { description: "Two boards into one." } }));
  await ok("programme history", client.GET("/api/v1/programmes/{id}/history", { params: { path: { id: programme.id } } }));
  await ok("programme position", client.POST("/api/v1/programmes/{id}/financial-positions", { params: { path: { id: programme.id } }, body: { label: "Transition costs", in_year_surplus_pence: -50000000 } }));
  await ok("programme positions", client.GET("/api/v1/programmes/{id}/financial-positions", { params: { path: { id: programme.id } } }));
  const m1 = await ok("create milestone", client.POST("/api/v1/programmes/{id}/milestones", { params: { path: { id: programme.id } }, body: { key: "T01", title: "Case for change agreed", workstream: "governance", baseline_date: day(30) } }));
  const m2 = await ok("create milestone", client.POST("/api/v1/programmes/{id}/milestones", { params: { path: { id: programme.id } }, body: { key: "T02", title: "Application submitted", workstream: "legal", baseline_date: day(90), depends_on: [m1.id] } }));
  await ok("list milestones", client.GET("/api/v1/programmes/{id}/milestones", { params: { path: { id: programme.id }, query: { status: ["not_started", "in_progress"], rag: ["green", "amber", "red"], sort: "forecast_date" } } }));
  const [, m1Tag] = await versioned("get milestone", client.GET("/api/v1/milestones/{id}", { params: { path: { id: m1.id } } }));
  const [, m1Changed] = await versioned("update milestone", client.PATCH("/api/v1/milestones/{id}", { params: { path: { id: m1.id }, header: { "If-Match": m1Tag } }, body: { owner: "Director of transformation" } }));
  await ok("milestone update", client.POST("/api/v1/milestones/{id}/updates", { params: { path: { id: m1.id }, header: { "If-Match": m1Changed } }, body: { comment: "Drafting under way.", status: "in_progress", percent_complete: 40 } }));
  await ok("milestone updates", client.GET("/api/v1/milestones/{id}/updates", { params: { path: { id: m1.id } } }));
  const changes = await ok("programme changes", client.GET("/api/v1/programmes/{id}/changes", { params: { path: { id: programme.id }, query: { from: "2000-01-01T00:00:00Z" } } }));
  if (typeof changes === "string" || changes.items.length < 1) throw new Error("a programme made since 2000 has changes");
  const trend = await ok("programme trend", client.GET("/api/v1/programmes/{id}/trend", { params: { path: { id: programme.id }, query: { every: "P1W" } } }));
  if (typeof trend === "string" || trend.milestones.length < 1) throw new Error("a programme with milestones has a trend");
  const timeline = await ok("programme timeline", client.GET("/api/v1/programmes/{id}/timeline", { params: { path: { id: programme.id } }, parseAs: "text" }));
  if (!timeline.includes("<svg")) throw new Error("the timeline is an SVG");
  const dates = await ok("milestones calendar", client.GET("/api/v1/programmes/{id}/milestones.ics", { params: { path: { id: programme.id } }, parseAs: "text" }));
  if (!dates.includes("BEGIN:VCALENDAR")) throw new Error("the milestones calendar is a calendar");
  const report = await ok("highlight report", client.GET("/api/v1/programmes/{id}/report", { params: { path: { id: programme.id }, query: { from: "2000-01-01T00:00:00Z" } }, parseAs: "text" }));
  if (!report.includes("highlight report")) throw new Error("the report is the highlight report");
  const history = await ok("forecast history", client.GET("/api/v1/milestones/{id}/forecast-history", { params: { path: { id: m1.id } } }));
  if (history.items.length < 1 || history.items[0]?.previous_forecast_date !== null) throw new Error("the first forecast has none before it");
  await ok("rebaseline", client.POST("/api/v1/milestones/{id}/rebaseline", { params: { path: { id: m2.id }, header: { "If-Match": "*" } }, body: { baseline_date: day(120), reason: "The board asked for a second engagement round." } }));
  await ok("milestone history", client.GET("/api/v1/milestones/{id}/history", { params: { path: { id: m2.id } } }));
  const risk = await ok("create risk", client.POST("/api/v1/programmes/{id}/risks", { params: { path: { id: programme.id } }, body: { kind: "risk", title: "The LMC withholds support", likelihood: 3, impact: 4, milestone_ids: [m2.id] } }));
  await ok("list risks", client.GET("/api/v1/programmes/{id}/risks", { params: { path: { id: programme.id }, query: { status: ["open", "mitigating"] } } }));
  const [, riskTag] = await versioned("get risk", client.GET("/api/v1/risks/{id}", { params: { path: { id: risk.id } } }));
  await ok("update risk", client.PATCH("/api/v1/risks/{id}", { params: { path: { id: risk.id }, header: { "If-Match": riskTag } }, body: { mitigation: "Meet the LMC before the ballot." } }));
  await ok("risk history", client.GET("/api/v1/risks/{id}/history", { params: { path: { id: risk.id } } }));
  await ok("critical path", client.GET("/api/v1/programmes/{id}/critical-path", { params: { path: { id: programme.id } } }));

  // Votes, positions and caveats.
  const vote = await ok("create vote", client.POST("/api/v1/votes", { body: { body_id: lmc.id, motion: `Support one organisation ${stamp}`, kind: "endorsement", opened_on: day(-10), subject_organisation_ids: [north.id], eligible: 40 } }));
  await ok("list votes", client.GET("/api/v1/votes", { params: { query: { programme_id: programme.id, status: ["open", "closed"] } } }));
  const [, voteTag] = await versioned("get vote", client.GET("/api/v1/votes/{id}", { params: { path: { id: vote.id } } }));
  const [, voteChanged] = await versioned("update vote", client.PATCH("/api/v1/votes/{id}", { params: { path: { id: vote.id }, header: { "If-Match": voteTag } }, body: { threshold: "two_thirds" } }));
  await ok("vote history", client.GET("/api/v1/votes/{id}/history", { params: { path: { id: vote.id } } }));
  const stated = await ok("state position", client.POST("/api/v1/votes/{id}/positions", { params: { path: { id: vote.id } }, body: { organisation_id: north.id, position: "support", stated_on: day(-5) } }));
  await ok("list positions", client.GET("/api/v1/votes/{id}/positions", { params: { path: { id: vote.id }, query: { limit: 10 } } }));
  await ok("get position", client.GET("/api/v1/positions/{id}", { params: { path: { id: stated.id } } }));
  await ok("position history", client.GET("/api/v1/positions/{id}/history", { params: { path: { id: stated.id } } }));
  const caveat = await ok("create caveat", client.POST("/api/v1/votes/{id}/caveats", { params: { path: { id: vote.id } }, body: { text: "Locality arrangements keep a GP voice", added_on: day(-5), status: "attached", due_on: day(60), milestone_ids: [m2.id] } }));
  await ok("vote caveats", client.GET("/api/v1/votes/{id}/caveats", { params: { path: { id: vote.id } } }));
  await ok("list caveats", client.GET("/api/v1/caveats", { params: { query: { programme_id: programme.id, status: ["proposed", "attached", "accepted"], sort: "due_on" } } }));
  const [, caveatTag] = await versioned("get caveat", client.GET("/api/v1/caveats/{id}", { params: { path: { id: caveat.id } } }));
  await ok("update caveat", client.PATCH("/api/v1/caveats/{id}", { params: { path: { id: caveat.id }, header: { "If-Match": caveatTag } }, body: { status: "accepted" } }));
  await ok("caveat history", client.GET("/api/v1/caveats/{id}/history", { params: { path: { id: caveat.id } } }));
  await ok("close vote", client.POST("/api/v1/votes/{id}/close", { params: { path: { id: vote.id }, header: { "If-Match": voteChanged } }, body: { closed_on: day(-1), votes_for: 30, votes_against: 5 } }));
  const other = await ok("create vote", client.POST("/api/v1/votes", { body: { body_id: lmc.id, motion: `Superseded motion ${stamp}`, kind: "other", opened_on: day(-10) } }));
  await ok("withdraw vote", client.POST("/api/v1/votes/{id}/withdraw", { params: { path: { id: other.id }, header: { "If-Match": "*" } }, body: { withdrawn_on: day(-2), reason: "Replaced by the endorsement ballot." } }));

  // The consultation: events, bookings, responses, comments, reports, moderation, the summary.
  const consultation = await ok("create consultation", client.POST("/api/v1/consultations", { body: { programme_id: programme.id, title: `One organisation? ${stamp}`, opens_on: day(-7), closes_on: day(40) } }));
  await ok("list consultations", client.GET("/api/v1/consultations"));
  const [, consultationTag] = await versioned("get consultation", client.GET("/api/v1/consultations/{id}", { params: { path: { id: consultation.id } } }));
  await ok("update consultation", client.PATCH("/api/v1/consultations/{id}", { params: { path: { id: consultation.id }, header: { "If-Match": consultationTag } }, body: { summary: "Tell us what you think." } }));
  await ok("consultation history", client.GET("/api/v1/consultations/{id}/history", { params: { path: { id: consultation.id } } }));
  const event = await ok("create event", client.POST("/api/v1/consultations/{id}/events", { params: { path: { id: consultation.id } }, body: { title: "Public meeting", venue: "Community fire station", starts_at: at(14, 18), ends_at: at(14, 20), capacity: 40, booking_required: true } }));
  await ok("list events", client.GET("/api/v1/consultations/{id}/events", { params: { path: { id: consultation.id } } }));
  const events = await ok("events calendar", client.GET("/api/v1/consultations/{id}/events.ics", { params: { path: { id: consultation.id } }, parseAs: "text" }));
  if (!events.includes("TZID=Europe/London")) throw new Error("the events calendar gives London times");
  const [, eventTag] = await versioned("get event", client.GET("/api/v1/events/{id}", { params: { path: { id: event.id } } }));
  await ok("update event", client.PATCH("/api/v1/events/{id}", { params: { path: { id: event.id }, header: { "If-Match": eventTag } }, body: { capacity: 60 } }));
  await ok("event history", client.GET("/api/v1/events/{id}/history", { params: { path: { id: event.id } } }));
  const email = `resident.${stamp}@example.org`;
  const booking = await ok("book places", open.POST("/api/v1/events/{id}/bookings", { params: { path: { id: event.id } }, body: { name: "A Resident", email, party_size: 2 } }));
  await ok("list bookings", client.GET("/api/v1/events/{id}/bookings", { params: { path: { id: event.id } } }));
  await ok("cancel booking", open.POST("/api/v1/bookings/{reference}/cancel", { params: { path: { reference: booking.reference } }, body: { email } }));
  const response = await ok("submit response", open.POST("/api/v1/consultations/{id}/responses", { params: { path: { id: consultation.id } }, body: { position: "support_single_organisation", respondent_type: "public", comments_on_proposal: "One organisation makes sense.", consent_to_publish: true } }));
  await ok("list comments", open.GET("/api/v1/consultations/{id}/comments", { params: { path: { id: consultation.id } } }));
  // A moderator's report hides the comment at once; the queue has it; publishing shows it again.
  await ok("report comment", client.POST("/api/v1/responses/{id}/reports", { params: { path: { id: response.id } }, body: { reason: "Checking the queue" } }));
  const queue = await ok("list responses", client.GET("/api/v1/consultations/{id}/responses", { params: { path: { id: consultation.id }, query: { moderation: ["pending"] } } }));
  if (queue.items.length !== 1) throw new Error("moderation=pending found " + queue.items.length);
  const [, responseTag] = await versioned("get response", client.GET("/api/v1/responses/{id}", { params: { path: { id: response.id } } }));
  await ok("moderate", client.POST("/api/v1/responses/{id}/moderation", { params: { path: { id: response.id }, header: { "If-Match": responseTag } }, body: { decision: "publish", note: "Not offensive." } }));
  await ok("response history", client.GET("/api/v1/responses/{id}/history", { params: { path: { id: response.id } } }));
  const summary = await ok("summary", client.GET("/api/v1/consultations/{id}/summary", { params: { path: { id: consultation.id } } }));
  // Count maps name every value: this compiles only because the contract says so.
  const { support_single_organisation, keep_current_system, no_view } = summary.by_position;
  if (support_single_organisation.count + keep_current_system.count + no_view.count !== summary.total)
    throw new Error("by_position does not add up");

  // The board's view, and what changed.
  const dashboard = await ok("dashboard", client.GET("/api/v1/programmes/{id}/dashboard", { params: { path: { id: programme.id } } }));
  const byStatus = dashboard.milestones.by_status;
  if (byStatus.not_started + byStatus.in_progress + byStatus.blocked + byStatus.complete + byStatus.cancelled !== dashboard.milestones.total)
    throw new Error("by_status does not add up");
  await ok("audit feed", client.GET("/api/v1/audit-events", { params: { query: { limit: 5 } } }));

  // A typed problem: the second cancellation is told apart by its type, not its words.
  const twice = await open.POST("/api/v1/bookings/{reference}/cancel", { params: { path: { reference: booking.reference } }, body: { email } });
  if (twice.error?.type !== "/problems/booking-cancelled") throw new Error("cancelling twice: " + JSON.stringify(twice.error));
}

tour().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
