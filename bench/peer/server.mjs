// The peer bench/run measures incommon against: what a team would write instead, a thin Node
// API over the same PostgreSQL, written plainly (Fastify 5, the `postgres` client with its
// prepared statements, a pool the size of incommon's). It runs the statements incommon sends
// for the same two requests, copied from PostgreSQL's log of them (log_statement = all), with
// no authentication, no rules and no derived fields:
//   GET  /api/v1/milestones/:id          the milestone in context, then its caveats
//   POST /api/v1/milestones/:id/updates  lock, read, update, insert, in one transaction
//   node bench/peer/server.mjs PORT       (PEER_DATABASE_URL, PEER_POOL)
import Fastify from "fastify";
import postgres from "postgres";

const port = Number(process.argv[2] ?? 8090);
const sql = postgres(process.env.PEER_DATABASE_URL, {
  max: Number(process.env.PEER_POOL ?? 10),
  prepare: true,
  onnotice: () => {},
  connection: { application_name: "incommon-bench-peer", TimeZone: "UTC" },
});

const app = Fastify({ logger: false });

// persistence/milestone_repository.cpp (find_in_context): the milestone and its programme's
// dates, one row for each milestone it depends on (with that one's key and schedule).
function milestoneInContext(db, id) {
  return db`SELECT milestones.id::text, milestones.version, milestones.created_at, milestones.updated_at, milestones.programme_id, milestones.key, milestones.title, milestones.description, milestones.workstream, milestones.owner, milestones.baseline_date, milestones.baseline_reason, milestones.forecast_date, milestones.actual_date, milestones.status, milestones.percent_complete, array_to_string(milestones.depends_on, ','), programmes.target_date::text, programmes.status, programmes.starts_on::text, programmes.closed_on::text, d.id::text, d.key, d.status, d.baseline_date::text, d.forecast_date::text, d.actual_date::text FROM milestones JOIN programmes ON programmes.id = milestones.programme_id LEFT JOIN milestones d ON d.id = ANY(milestones.depends_on) WHERE milestones.id = CAST(${id} AS uuid)`.values();
}

// The columns above, by position: the same names incommon answers with.
function milestone(row) {
  return {
    id: row[0], version: Number(row[1]), created_at: row[2], updated_at: row[3], programme_id: row[4], key: row[5],
    title: row[6], description: row[7], workstream: row[8], owner: row[9], baseline_date: row[10],
    baseline_reason: row[11], forecast_date: row[12], actual_date: row[13], status: row[14],
    percent_complete: row[15], depends_on: row[16] ? row[16].split(",") : [],
  };
}

const notFound = (reply, id) =>
  reply.code(404).type("application/problem+json").send({ status: 404, title: "No such record", detail: `No milestone has id ${id}.` });

app.get("/api/v1/milestones/:id", async (request, reply) => {
  const { id } = request.params;
  const rows = await milestoneInContext(sql, id);
  const found = rows[0];
  if (!found) return notFound(reply, id);
  // persistence/caveat_repository.cpp: the caveats on it, as of today.
  const caveats = await sql`SELECT caveats.id::text, caveats.version, caveats.created_at, caveats.updated_at, caveats.vote_id, caveats.text, caveats.added_on, caveats.status, caveats.owner_organisation_id, caveats.due_on, array_to_string(caveats.milestone_ids, ','), caveats.evidence FROM caveats WHERE caveats.added_on <= CAST(${new Date().toISOString().slice(0, 10)} AS date) AND caveats.id IN (SELECT caveat_id FROM caveat_milestones WHERE milestone_id = CAST(${id} AS uuid)) ORDER BY caveats.added_on, caveats.id LIMIT ${201}`.values();
  return {
    ...milestone(found),
    programme: { target_date: found[17], status: found[18], starts_on: found[19], closed_on: found[20] },
    dependencies: rows.filter((r) => r[21] !== null).map((r) => ({
      id: r[21], key: r[22], status: r[23], baseline_date: r[24], forecast_date: r[25], actual_date: r[26],
    })),
    caveats: caveats.map((c) => ({
      id: c[0], version: Number(c[1]), created_at: c[2], updated_at: c[3], vote_id: c[4], text: c[5], added_on: c[6],
      status: c[7], owner_organisation_id: c[8], due_on: c[9], milestone_ids: c[10] ? c[10].split(",") : [],
      evidence: c[11],
    })),
  };
});

app.post("/api/v1/milestones/:id/updates", async (request, reply) => {
  const { id } = request.params;
  const body = request.body ?? {};
  const entry = await sql.begin(async (tx) => {
    // Who wrote it, for the audit trigger, as incommon names its actor.
    await tx`SELECT set_config('incommon.actor_id', ${""}, true), set_config('incommon.actor_name', ${"bench peer"}, true), set_config('incommon.request_id', ${""}, true)`;
    const locked = await tx`SELECT 1 FROM milestones WHERE id = CAST(${id} AS uuid) FOR UPDATE`;
    if (locked.length === 0) return null;
    const rows = await milestoneInContext(tx, id);
    const m = milestone(rows[0]);
    const next = {
      ...m,
      percent_complete: body.percent_complete ?? m.percent_complete,
      status: body.status ?? m.status,
      forecast_date: body.forecast_date ?? m.forecast_date,
      actual_date: body.actual_date ?? m.actual_date,
    };
    await tx`SELECT set_config('incommon.action', ${"progress"}, true)`;
    await tx`UPDATE milestones SET (key, title, description, workstream, owner, baseline_date, baseline_reason, forecast_date, actual_date, status, percent_complete, depends_on) = (${next.key}, ${next.title}, ${next.description}, ${next.workstream}, ${next.owner}, ${next.baseline_date}, ${next.baseline_reason}, ${next.forecast_date}, ${next.actual_date}, ${next.status}, ${next.percent_complete}, ${"{" + next.depends_on.join(",") + "}"}) WHERE id = CAST(${id} AS uuid) RETURNING milestones.id::text, milestones.version, milestones.created_at, milestones.updated_at, milestones.programme_id, milestones.key, milestones.title, milestones.description, milestones.workstream, milestones.owner, milestones.baseline_date, milestones.baseline_reason, milestones.forecast_date, milestones.actual_date, milestones.status, milestones.percent_complete, array_to_string(milestones.depends_on, ',')`;
    await tx`SELECT set_config('incommon.action', ${""}, true)`;
    const [saved] = await tx`INSERT INTO milestone_updates (milestone_id, comment, status, forecast_date, percent_complete, actual_date, author, token_id, author_issuer, author_subject, author_email, milestone_version) VALUES (${id}, ${body.comment ?? null}, ${body.status ?? null}, ${body.forecast_date ?? null}, ${body.percent_complete ?? null}, ${body.actual_date ?? null}, ${"bench peer"}, ${null}, ${null}, ${null}, ${null}, (SELECT version FROM milestones WHERE id = CAST(${id} AS uuid))) RETURNING milestone_updates.id::text, milestone_updates.version, milestone_updates.created_at, milestone_updates.updated_at, milestone_updates.milestone_id, milestone_updates.comment, milestone_updates.status, milestone_updates.forecast_date, milestone_updates.percent_complete, milestone_updates.actual_date, milestone_updates.author, milestone_updates.token_id, milestone_updates.author_issuer, milestone_updates.author_subject, milestone_updates.author_email, milestone_updates.milestone_version`;
    return saved;
  });
  if (!entry) return notFound(reply, id);
  return reply.code(201).send(entry);
});

await app.listen({ host: "127.0.0.1", port });
