// Live-view benchmark (not a test): N headless viewers watch runs in the editor while this script,
// acting as the worker, commits node.delta events at a fixed rate per run. Latency is measured
// from the event's COMMIT (seen here) to the DOM update in each page (a MutationObserver on the
// run bar's data-last-seq). Real production server (next start), Postgres and Redis; no worker.
// Prints one JSON line last:
// {"viewers":N,"event_to_dom_ms_p50":x,"event_to_dom_ms_p95":x,"lost_events":0,...}
//   npm run bench:live -- --viewers 100 --seconds 20 --rate 20
// Viewers are spread over hostnames v<k>.localhost (loopback) a few pages each: Chromium allows
// 6 connections per host and ~256 per profile, and each viewer holds an SSE stream open, so
// pages sharing one host would queue behind each other — a browser limit, not the product's.
import { parseArgs } from "node:util";
import type { BrowserContext, Page } from "@playwright/test";
import { Redis } from "ioredis";
import { sampleGraph } from "../lib/flow/sample-graph";
import { createDb } from "../server/db";
import { appendEvents, lockRun } from "../server/engine/run-log";
import { createEnginePool } from "../server/engine/kernel";
import { createNodeQueue } from "../server/queue";
import { createRunPublisher } from "../server/realtime/publisher";
import { createFlow, saveFlowVersion } from "../server/services/flows";
import { startRun } from "../server/services/runs";
import { signUp } from "../server/services/users";
import { TEST_REDIS_URL, uniqueName } from "../test/integration/support/services";
import { allProcesses, machineTicks, TICKS_PER_S, treeOf, type ProcInfo } from "./support/proc-stats";
import { BenchHarness, log, pct, round, sleep } from "./support/harness";

const { values } = parseArgs({
  options: {
    viewers: { type: "string", default: "50" },
    runs: { type: "string" },
    seconds: { type: "string", default: "20" },
    rate: { type: "string", default: "20" },
    port: { type: "string", default: "3200" },
    "per-host": { type: "string", default: "4" },
    "per-context": { type: "string", default: "150" },
    "open-concurrency": { type: "string", default: "4" },
    "drain-seconds": { type: "string", default: "30" },
    build: { type: "boolean", default: false },
  },
});
const VIEWERS = Number(values.viewers);
const RUNS = values.runs ? Number(values.runs) : Math.ceil(VIEWERS / 10);
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const PORT = Number(values.port);
const PER_HOST = Number(values["per-host"]);
const PER_CONTEXT = Number(values["per-context"]);
const OPEN_CONCURRENCY = Number(values["open-concurrency"]);
const DRAIN_MS = Number(values["drain-seconds"]) * 1000;
const numeric = { viewers: VIEWERS, runs: RUNS, seconds: SECONDS, rate: RATE, port: PORT, "per-host": PER_HOST, "per-context": PER_CONTEXT, "open-concurrency": OPEN_CONCURRENCY, "drain-seconds": DRAIN_MS };
for (const [name, n] of Object.entries(numeric)) {
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
}
const harness = new BenchHarness(PORT);
const ORIGIN = harness.origin;


/** Runs in every page before the app: records [lastSeq, Date.now()] each time the run bar's data-last-seq changes. */
const OBSERVER_SCRIPT = `(() => {
  if (window.__bench) return;
  const records = [];
  let last = null;
  const bar = () => document.querySelector('[data-testid="run-bar"]');
  const check = () => {
    const v = bar()?.getAttribute("data-last-seq") ?? null;
    if (v !== null && v !== last) { last = v; records.push([Number(v), Date.now()]); }
  };
  window.__bench = { records, eventCount: () => bar()?.getAttribute("data-event-count") ?? null };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-last-seq"] });
})()`;
const LAST_SEQ = `window.__bench?.records.at(-1)?.[0] ?? 0`;
const COLLECT = `JSON.stringify({ records: window.__bench?.records ?? [], eventCount: window.__bench?.eventCount() ?? null })`;

/** CPU ticks and memory of the processes this benchmark cares about. */
function snapshot(webPid: number, dbName: string) {
  const procs = allProcesses();
  const webTree = treeOf(procs, webPid);
  const webPids = new Set(webTree.map((p) => p.pid));
  const chrome = treeOf(procs, process.pid).filter((p) => !webPids.has(p.pid) && p.pid !== process.pid && /chrom/i.test(p.comm + p.cmdline));
  const postgres = procs.filter((p) => p.comm.startsWith("postgres") && p.cmdline.includes(dbName));
  const self = procs.filter((p) => p.pid === process.pid);
  const byPid = (list: ProcInfo[]) => new Map(list.map((p) => [p.pid, p.ticks]));
  const renderers = chrome.filter((p) => p.cmdline.includes("--type=renderer"));
  const rendererPids = new Set(renderers.map((p) => p.pid));
  return {
    groups: {
      web: byPid(webTree),
      renderers: byPid(renderers),
      chromium_other: byPid(chrome.filter((p) => !rendererPids.has(p.pid))),
      postgres: byPid(postgres),
      bench: byPid(self),
    },
    webRssMb: webTree.reduce((s, p) => s + p.rssMb, 0),
    chromiumRssMb: chrome.reduce((s, p) => s + p.rssMb, 0),
    renderers: renderers.length,
    machine: machineTicks(),
  };
}
type Snapshot = ReturnType<typeof snapshot>;

/** Share of one core each group used between two snapshots (100 = one core busy). */
function cpuBetween(a: Snapshot, b: Snapshot, seconds: number) {
  const out: Record<string, number> = {};
  for (const [group, after] of Object.entries(b.groups)) {
    const before = a.groups[group as keyof Snapshot["groups"]];
    let ticks = 0;
    for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
    out[`cpu_${group}_pct`] = Math.round((ticks / TICKS_PER_S / seconds) * 100);
  }
  out.cpu_machine_busy_pct = Math.round(((b.machine.busy - a.machine.busy) / Math.max(1, b.machine.total - a.machine.total)) * 100);
  return out;
}

/**
 * A bare SSE subscriber per run (no browser): when each event reaches a client over the wire.
 * Separates the server's share of the latency from the pages' rendering.
 */
function probeRun(runId: string, cookie: string, signal: AbortSignal): Map<number, number> {
  const received = new Map<number, number>();
  const url = `${ORIGIN}/api/trpc/run.events?input=${encodeURIComponent(JSON.stringify({ json: { runId } }))}`;
  void (async () => {
    const res = await fetch(url, { headers: { cookie, accept: "text/event-stream" }, signal });
    if (!res.ok || !res.body) throw new Error(`SSE probe got HTTP ${res.status}`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const now = Date.now();
      buffer += value;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        const seq = line.startsWith("id:") ? Number(line.slice(3).trim()) : NaN;
        if (Number.isInteger(seq) && !received.has(seq)) received.set(seq, now);
      }
    }
  })().catch((error: Error) => {
    if (!signal.aborted) log(`SSE probe of run ${runId} failed: ${error.message}`);
  });
  return received;
}

/** Renderer main-thread time (s) of a page since `start`, from the DevTools Performance domain. */
async function pageMetrics(page: Page): Promise<() => Promise<Record<string, number>>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const read = async () => Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
  const start = await read();
  return async () => {
    const now = await read();
    await cdp.detach().catch(() => undefined);
    return Object.fromEntries(Object.entries(now).map(([name, value]) => [name, value - (start[name] ?? 0)]));
  };
}

async function main() {
  log(`${VIEWERS} viewers on ${RUNS} runs, ${RATE} events/s per run for ${SECONDS} s`);
  const database = await harness.createDatabase();
  const dbName = new URL(database.url).pathname.slice(1);
  const prefix = uniqueName("orchestra_bench_live");
  const db = createDb(database.url, 4);
  harness.onClose(() => db.$disconnect());
  const pool = createEnginePool(database.url, Math.min(RUNS, 20));
  harness.onClose(() => pool.end());
  const queue = createNodeQueue(TEST_REDIS_URL, prefix); // nobody consumes it: runs stay in progress
  harness.onClose(() => queue.close());
  const publisher = createRunPublisher(TEST_REDIS_URL, prefix);
  harness.onClose(() => publisher.close());
  harness.onClose(async () => {
    const redis = new Redis(TEST_REDIS_URL);
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    redis.disconnect();
  });

  const server = await harness.startWeb({
    DATABASE_URL: database.url,
    QUEUE_PREFIX: prefix,
  }, { rebuild: values.build });
  const webPid = server.child.pid as number;
  log(`web server up on ${ORIGIN} (pid ${webPid})`);

  // ---- A user, a saved Input → Agent (Simulator) → Output flow, and R runs left in progress.
  const password = "benchmarking live views";
  const user = await signUp(db, { name: "Bench", email: "bench-live@example.test", password });
  const flow = await createFlow(db, user.id, user.workspaceId, "live bench");
  await saveFlowVersion(db, user.id, flow.id, sampleGraph());
  const deps = { db, pool, queue, publish: publisher.publish, publishCancel: publisher.publishCancel };
  const runIds: string[] = [];
  for (let r = 0; r < RUNS; r++) runIds.push((await startRun(deps, user.id, { flowId: flow.id, inputs: { topic: `live ${r}` } })).runId);
  const initialSeq = new Map<string, number>();
  for (const row of await db.run.findMany({ where: { id: { in: runIds } }, select: { id: true, lastSeq: true } })) initialSeq.set(row.id, row.lastSeq);

  // ---- Sign in once, then give every viewer host the same session cookie.
  const browser = await harness.launchChromium(["--host-resolver-rules=MAP *.localhost 127.0.0.1"]);
  const login = await browser.newContext();
  const signInPage = await login.newPage();
  await signInPage.goto(`${ORIGIN}/sign-in`);
  await signInPage.getByLabel("Email").fill(user.email);
  await signInPage.getByLabel("Password").fill(password);
  await signInPage.getByRole("button", { name: "Sign in" }).click();
  await signInPage.waitForURL(/\/flows$/, { timeout: 60_000 });
  const cookies = await login.cookies();
  await login.close();

  const hostOf = (i: number) => `v${Math.floor(i / PER_HOST)}.localhost`;
  const contexts: BrowserContext[] = [];
  const viewers: { page: Page; runId: string; index: number }[] = [];
  for (let c = 0; c * PER_CONTEXT < VIEWERS; c++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript({ content: OBSERVER_SCRIPT });
    const hosts = new Set<string>();
    for (let i = c * PER_CONTEXT; i < Math.min(VIEWERS, (c + 1) * PER_CONTEXT); i++) hosts.add(hostOf(i));
    await context.addCookies([...hosts].flatMap((host) => cookies.map((k) => ({ name: k.name, value: k.value, url: `http://${host}:${PORT}`, httpOnly: k.httpOnly, sameSite: k.sameSite }))));
    contexts.push(context);
  }

  // ---- Open the viewers a few at a time, each at /flows/<flow>?run=<run>.
  const openStart = Date.now();
  let nextViewer = 0;
  await Promise.all(
    Array.from({ length: OPEN_CONCURRENCY }, async () => {
      while (nextViewer < VIEWERS) {
        const i = nextViewer++;
        const page = await (contexts[Math.floor(i / PER_CONTEXT)] as BrowserContext).newPage();
        const runId = runIds[i % RUNS] as string;
        page.on("pageerror", (e) => log(`viewer ${i}: page error: ${e.message}`));
        await page.goto(`http://${hostOf(i)}:${PORT}/flows/${flow.id}?run=${runId}`, { waitUntil: "domcontentloaded", timeout: 120_000 });
        viewers.push({ page, runId, index: i });
        if (viewers.length % 25 === 0) log(`opened ${viewers.length}/${VIEWERS} viewers`);
      }
    }),
  );
  log(`opened ${VIEWERS} viewers in ${((Date.now() - openStart) / 1000).toFixed(1)} s; waiting for each to show its run`);

  /** Waits until every viewer shows at least `target(run)`; returns the viewers that did not. */
  async function waitForSeq(target: (runId: string) => number, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    let behind = viewers;
    while (behind.length && Date.now() < deadline) {
      const seen = await Promise.all(behind.map((v) => v.page.evaluate(LAST_SEQ).catch(() => 0) as Promise<number>));
      behind = behind.filter((v, k) => (seen[k] as number) < target(v.runId));
      if (behind.length) await sleep(1000);
    }
    return behind;
  }
  const unattached = await waitForSeq((runId) => initialSeq.get(runId) as number, 60_000 + VIEWERS * 500);
  if (unattached.length === VIEWERS) throw new Error("no viewer showed its run: does the run bar carry data-last-seq yet? (see the page at /flows/<id>?run=<id>)");
  if (unattached.length) log(`${unattached.length} viewers never showed their run; their events count as lost`);

  const probeAbort = new AbortController();
  harness.onClose(async () => probeAbort.abort());
  const cookieHeader = cookies.map((k) => `${k.name}=${k.value}`).join("; ");
  const pushed = new Map(runIds.map((id) => [id, probeRun(id, cookieHeader, probeAbort.signal)]));
  const sampled = viewers.slice(0, 3);
  const metricsSince = await Promise.all(sampled.map((v) => pageMetrics(v.page)));

  // ---- The "worker": per run, one committed node.delta every 1000/rate ms, then a notification.
  const commits = new Map<string, Map<number, number>>(runIds.map((id) => [id, new Map()]));
  const interval = 1000 / RATE;
  const before = snapshot(webPid, dbName);
  let peakWebRss = before.webRssMb;
  let peakChromiumRss = before.chromiumRssMb;
  const sampler = setInterval(() => {
    const s = snapshot(webPid, dbName);
    peakWebRss = Math.max(peakWebRss, s.webRssMb);
    peakChromiumRss = Math.max(peakChromiumRss, s.chromiumRssMb);
  }, 1000);
  const t0 = Date.now() + 100;
  const end = t0 + SECONDS * 1000;
  log(`emitting for ${SECONDS} s`);
  await Promise.all(
    runIds.map(async (runId, r) => {
      const mine = commits.get(runId) as Map<number, number>;
      for (let k = 0; ; k++) {
        const due = t0 + (r / RUNS) * interval + k * interval; // runs staggered across the interval
        if (due >= end) return;
        if (due > Date.now()) await sleep(due - Date.now());
        const seq = await pool.tx(async (sql) => {
          await lockRun(sql, runId);
          return appendEvents(sql, runId, [{ type: "node.delta", nodeId: "agent_1", payload: { text: `token ${k} ` } }]);
        });
        mine.set(seq, Date.now());
        void publisher.publish(runId, seq);
      }
    }),
  );
  const emitSeconds = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  const after = snapshot(webPid, dbName);
  const metrics = await Promise.all(metricsSince.map((finish) => finish()));
  const emitted = [...commits.values()].reduce((s, m) => s + m.size, 0);
  log(`emitted ${emitted} events in ${emitSeconds.toFixed(1)} s; waiting up to ${DRAIN_MS / 1000} s for every viewer to catch up`);

  const finalSeq = new Map<string, number>();
  for (const row of await db.run.findMany({ where: { id: { in: runIds } }, select: { id: true, lastSeq: true } })) finalSeq.set(row.id, row.lastSeq);
  const stragglers = await waitForSeq((runId) => finalSeq.get(runId) as number, DRAIN_MS);
  if (stragglers.length) log(`${stragglers.length} viewers did not reach their run's last event`);

  // ---- Latency per (viewer, emitted event): first DOM record showing it, minus its commit time.
  const latencies: number[] = [];
  let lost = 0;
  let missingCount = 0;
  for (const v of viewers) {
    const data = JSON.parse((await v.page.evaluate(COLLECT).catch(() => JSON.stringify({ records: [], eventCount: null }))) as string) as {
      records: [number, number][];
      eventCount: string | null;
    };
    const last = finalSeq.get(v.runId) as number;
    if (data.eventCount === null) missingCount++;
    lost += Math.max(0, last - Number(data.eventCount ?? data.records.at(-1)?.[0] ?? 0));
    const records = data.records;
    let j = 0;
    for (const [seq, committedAt] of [...(commits.get(v.runId) as Map<number, number>)].sort((a, b) => a[0] - b[0])) {
      while (j < records.length && (records[j] as [number, number])[0] < seq) j++;
      if (j < records.length) latencies.push((records[j] as [number, number])[1] - committedAt);
    }
  }
  if (missingCount) log(`${missingCount} viewers had no data-event-count on the run bar; lost events estimated from data-last-seq`);
  latencies.sort((a, b) => a - b);
  const cpu = cpuBetween(before, after, emitSeconds);
  probeAbort.abort();
  const pushLatencies: number[] = [];
  for (const [runId, received] of pushed) {
    for (const [seq, committedAt] of commits.get(runId) as Map<number, number>) {
      const at = received.get(seq);
      if (at !== undefined) pushLatencies.push(at - committedAt);
    }
  }
  pushLatencies.sort((a, b) => a - b);
  /** Main-thread ms one page spends per event it shows, averaged over the sampled pages. */
  const perEventMs = (metric: string) => {
    const ms = sampled.map((v, k) => ((metrics[k]?.[metric] ?? 0) * 1000) / Math.max(1, (commits.get(v.runId) as Map<number, number>).size));
    return round(ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length));
  };

  const result = {
    viewers: VIEWERS,
    event_to_dom_ms_p50: round(pct(latencies, 50)),
    event_to_dom_ms_p95: round(pct(latencies, 95)),
    lost_events: lost,
    event_to_dom_ms_p99: round(pct(latencies, 99)),
    event_to_dom_ms_max: round(latencies.at(-1) ?? 0),
    samples: latencies.length,
    commit_to_sse_ms_p50: round(pct(pushLatencies, 50)),
    commit_to_sse_ms_p95: round(pct(pushLatencies, 95)),
    sse_samples: pushLatencies.length,
    page_task_ms_per_event: perEventMs("TaskDuration"),
    page_script_ms_per_event: perEventMs("ScriptDuration"),
    page_layout_style_ms_per_event: round(perEventMs("LayoutDuration") + perEventMs("RecalcStyleDuration")),
    runs: RUNS,
    rate_per_run: RATE,
    events_emitted: emitted,
    events_per_s_total: round(emitted / emitSeconds),
    deliveries_per_s: round(latencies.length / emitSeconds),
    viewers_unattached: unattached.length,
    viewers_behind_at_end: stragglers.length,
    web_rss_mb: Math.round(peakWebRss),
    chromium_rss_sum_mb: Math.round(peakChromiumRss),
    renderers: after.renderers,
    ...cpu,
  };
  return result;
}

await harness.run(main);
