// Runs page benchmark (not a test): listRuns against a real Postgres holding 100,000 runs.
// Times the service call (authorization + the page query) for the first page, each filter, and a
// page 50 deep via its cursor; prints each case's plan and timings to stderr, one JSON line last:
// {"runs":100000,"first_page_ms_p50":x,"first_page_ms_p95":x,"filtered_ms_p95":x,"deep_page_ms_p95":x,...}
//   npm run bench:runs -- --runs 100000 --repeats 20
import { parseArgs } from "node:util";
import { createDb } from "../server/db";
import { listRuns, listRunsInputSchema, runListQuery, decodeCursor, type ListRunsInput } from "../server/services/run-list";
import { signUp } from "../server/services/users";
import { seedFlow, seedRuns } from "../test/integration/support/seed-runs";
import { createTestDatabase } from "../test/integration/support/services";

const { values } = parseArgs({ options: { runs: { type: "string", default: "100000" }, repeats: { type: "string", default: "20" } } });
const RUNS = Number(values.runs);
const REPEATS = Number(values.repeats);
const DEEP_PAGE = 50;
const log = (msg: string) => console.error(`[bench] ${msg}`);
const pct = (sorted: number[], p: number) => (sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number) : 0);
const round = (n: number) => Number(n.toFixed(2));

const database = await createTestDatabase();
const db = createDb(database.url);
try {
  const user = await signUp(db, { name: "Bench", email: "bench@example.test", password: "benchmarking all day" });
  const flows = await Promise.all(["Support triage", "Research", "Summarise", "Translate"].map((name) => seedFlow(db, user.id, user.workspaceId, name)));
  const newest = new Date();
  const t0 = Date.now();
  // One run in ten is a Sub-flow child (hidden from the list), so RUNS rows hold 0.9 × RUNS top-level runs.
  await seedRuns(db, { workspaceId: user.workspaceId, userId: user.id, flows, count: RUNS, idPrefix: "run_", newest, spacingMs: 30_000, childEvery: 10 });
  // Another workspace's runs share the table and its indexes.
  const neighbour = await signUp(db, { name: "Neighbour", email: "neighbour@example.test", password: "benchmarking all day" });
  const theirs = await seedFlow(db, neighbour.id, neighbour.workspaceId, "Theirs");
  await seedRuns(db, { workspaceId: neighbour.workspaceId, userId: neighbour.id, flows: [theirs], count: Math.floor(RUNS / 10), idPrefix: "nbr_", newest, spacingMs: 30_000 });
  await db.$executeRawUnsafe(`ANALYZE`);
  log(`seeded ${RUNS} + ${Math.floor(RUNS / 10)} runs in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const base = { workspaceId: user.workspaceId };
  const list = (input: ListRunsInput) => listRuns(db, user.id, input);

  let cursor: string | null = null;
  for (let page = 1; page < DEEP_PAGE; page++) cursor = (await list({ ...base, cursor })).nextCursor;
  if (!cursor) throw new Error(`fewer than ${DEEP_PAGE} pages`);
  const day = 86_400_000;
  const cases: Record<string, ListRunsInput> = {
    first_page: base,
    status: { ...base, status: "failed" },
    flow: { ...base, flowId: flows[1]?.flowId },
    date_range: { ...base, from: new Date(newest.getTime() - 3 * day), to: new Date(newest.getTime() - 2 * day) },
    deep_page: { ...base, cursor },
  };

  const timings: Record<string, number[]> = {};
  for (const [name, input] of Object.entries(cases)) {
    const parsed = listRunsInputSchema.parse(input);
    const { text, values: params } = runListQuery(parsed, parsed.cursor ? decodeCursor(parsed.cursor) : null, parsed.limit + 1);
    const plan = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, ...params);
    log(`${name} plan:\n${plan.map((r) => `    ${r["QUERY PLAN"]}`).join("\n")}`);
    await list(input); // warm
    const samples: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const start = performance.now();
      const page = await list(input);
      samples.push(performance.now() - start);
      if (page.items.length === 0) throw new Error(`${name}: empty page`);
    }
    timings[name] = samples.sort((a, b) => a - b);
    log(`${name}: p50 ${round(pct(timings[name], 50))} ms, p95 ${round(pct(timings[name], 95))} ms`);
  }

  const of = (name: string) => timings[name] ?? [];
  const filtered = [...of("status"), ...of("flow"), ...of("date_range")].sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      runs: RUNS,
      first_page_ms_p50: round(pct(of("first_page"), 50)),
      first_page_ms_p95: round(pct(of("first_page"), 95)),
      filtered_ms_p95: round(pct(filtered, 95)),
      status_ms_p95: round(pct(of("status"), 95)),
      flow_ms_p95: round(pct(of("flow"), 95)),
      date_range_ms_p95: round(pct(of("date_range"), 95)),
      deep_page_ms_p95: round(pct(of("deep_page"), 95)),
    }),
  );
} finally {
  await db.$disconnect();
  await database.drop();
}
process.exit(0);
