import { Worker } from "node:worker_threads";
import { NodeError } from "../node-error";

export interface SandboxRequest {
  code: string;
  scope: { input: unknown; nodes: unknown; value: unknown };
  timeoutMs: number;
  memoryMb: number;
  signal: AbortSignal;
}

type ThreadReply = { ok: true; json: string } | { ok: false; kind: "timeout" | "memory" | "error"; message: string };

/**
 * QuickJS's own memory limit does not bound WebAssembly memory growth for every allocation
 * pattern (a loop of large String.repeat calls grew it by 2 GB), so the host watches too: few
 * sandboxes run at once, and while they do, process memory growth beyond their combined limits
 * (plus slack for the worker's other work) terminates them.
 */
const MAX_CONCURRENT = 2;
const SLACK_BYTES = 96 * 1024 * 1024;
const WATCH_EVERY_MS = 20;
let running = 0;
const waiters: (() => void)[] = [];
const active = new Set<{ limitBytes: number; kill: () => void }>();
let baselineRss = 0;
let watchdog: NodeJS.Timeout | null = null;

async function acquire(): Promise<void> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiters.push(resolve));
  running++;
}

function release() {
  running--;
  waiters.shift()?.();
}

function watch(entry: { limitBytes: number; kill: () => void }) {
  if (active.size === 0) baselineRss = process.memoryUsage.rss();
  active.add(entry);
  watchdog ??= setInterval(() => {
    const allowed = baselineRss + SLACK_BYTES + [...active].reduce((sum, e) => sum + e.limitBytes, 0);
    if (process.memoryUsage.rss() > allowed) for (const e of active) e.kill();
  }, WATCH_EVERY_MS);
}

function unwatch(entry: { limitBytes: number; kill: () => void }) {
  active.delete(entry);
  if (active.size === 0 && watchdog) {
    clearInterval(watchdog);
    watchdog = null;
  }
}

/**
 * Evaluates untrusted JavaScript in QuickJS on a separate thread: CPU time and memory are capped
 * inside the interpreter, and the thread is terminated outright if it overstays, so the worker's
 * event loop (and its queue locks) never wait on user code.
 */
export async function runSandboxed(req: SandboxRequest): Promise<unknown> {
  await acquire();
  try {
    return await runInThread(req);
  } finally {
    release();
  }
}

function runInThread(req: SandboxRequest): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(new URL("./quickjs-thread.mjs", import.meta.url), {
      workerData: { code: req.code, scope: req.scope, timeoutMs: req.timeoutMs, memoryBytes: req.memoryMb * 1024 * 1024 },
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, req.memoryMb * 2) },
    });
    let settled = false;
    const guard = {
      limitBytes: req.memoryMb * 1024 * 1024,
      kill: () => finish(() => reject(new NodeError("client_error", `Code used more than ${req.memoryMb} MB of memory and was stopped`))),
    };
    watch(guard);
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      unwatch(guard);
      clearTimeout(killTimer);
      req.signal.removeEventListener("abort", onAbort);
      void thread.terminate();
      fn();
    };
    // Backstop in case the interpreter's own interrupt does not fire (e.g. stuck in a host call).
    const killTimer = setTimeout(() => finish(() => reject(new NodeError("timeout", `Code ran longer than ${req.timeoutMs} ms and was stopped`))), req.timeoutMs + 1_000);
    const onAbort = () => finish(() => reject(req.signal.reason instanceof Error ? req.signal.reason : new Error("Aborted")));
    req.signal.addEventListener("abort", onAbort, { once: true });
    thread.once("message", (reply: ThreadReply) =>
      finish(() => {
        if (reply.ok) return resolve(JSON.parse(reply.json));
        if (reply.kind === "timeout") return reject(new NodeError("timeout", `Code ran longer than ${req.timeoutMs} ms and was stopped`));
        if (reply.kind === "memory") return reject(new NodeError("client_error", `Code used more than ${req.memoryMb} MB of memory and was stopped`));
        return reject(new NodeError("client_error", `Code failed: ${reply.message}`));
      }),
    );
    thread.once("error", (error) => finish(() => reject(new NodeError("client_error", `Code sandbox failed: ${error.message}`))));
    thread.once("exit", (code) => finish(() => reject(new NodeError("client_error", `Code sandbox stopped unexpectedly (exit ${code})`))));
  });
}
