// A small dashboard client, typed from openapi/openapi.yaml by openapi-typescript: when the
// contract and this client drift apart, `tsc` fails. Run against a server with the demo data:
//   node build/client/dashboard.js http://localhost:8080 <token> [as_of]
import type { paths } from "./generated/api";

// The little of Node this client uses (no @types/node needed).
declare const process: { argv: string[]; exit(code: number): never };

type Json<P extends keyof paths, M extends "get"> = paths[P][M] extends {
  responses: { 200: { content: { "application/json": infer T } } };
}
  ? T
  : never;
type ProgrammeList = Json<"/api/v1/programmes", "get">;
type Dashboard = Json<"/api/v1/programmes/{id}/dashboard", "get">;

async function get<T>(base: string, token: string, path: string): Promise<T> {
  const response = await fetch(base + path, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

function summarise(d: Dashboard): string {
  const lines = [
    `${d.programme.name}: ${d.programme.status} as of ${d.as_of}, ${d.days_to_target} days to ${d.programme.target_date}`,
    `milestones: ${d.milestones.total} (${Object.entries(d.milestones.by_status)
      .map(([status, n]) => `${status} ${n}`)
      .join(", ")})`,
    `critical path: ${d.critical_path.milestone_keys.join(" -> ")} finishing ${d.critical_path.finish_date ?? "-"}`,
    `votes: ${d.votes.map((v) => v.outcome).join(", ")}`,
    `caveats: ${d.caveats.open} open, ${d.caveats.met} met, ${d.caveats.overdue} overdue`,
    `responses: ${d.consultation.responses}`,
  ];
  for (const body of d.bodies) lines.push(`  ${body.name}: ${body.accountable_officer?.name ?? "no accountable officer"}`);
  return lines.join("\n");
}

async function main(): Promise<void> {
  const [base, token, asOf = "2019-10-01"] = process.argv.slice(2);
  if (!base || !token) throw new Error("usage: dashboard.js BASE_URL TOKEN [AS_OF]");
  const programmes = await get<ProgrammeList>(base, token, "/api/v1/programmes?limit=1");
  const first = programmes.items[0];
  if (!first) throw new Error("no programme: load the demo data first");
  const dashboard = await get<Dashboard>(base, token, `/api/v1/programmes/${first.id}/dashboard?as_of=${asOf}`);
  console.log(summarise(dashboard));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
