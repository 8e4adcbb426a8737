import { Worker } from "node:worker_threads";
import { NodeError } from "../node-error";
import { SlotPool } from "./slot-pool";

export interface SandboxRequest {
  code: string;
  scope: { input: unknown; nodes: unknown; value: unknown };
  timeoutMs: number;
  memoryMb: number;
  /** Who runs it (the run's workspace): one workspace never holds every sandbox slot. */
  tenant: string;
  signal: AbortSignal;
}

/**
 * Sandboxes running at once in this process, and how many of them one workspace may hold. Each
 * is bounded on its own (memory and time, below), so these only share out the CPU.
 */
export const SANDBOX_SLOTS = 4;
export const SANDBOX_SLOTS_PER_TENANT = 2;
const slots = new SlotPool(SANDBOX_SLOTS, SANDBOX_SLOTS_PER_TENANT);

/** Time for the thread to start and load QuickJS, on top of the guest's own time limit. */
const START_ALLOWANCE_MS = 2_000;

const NOT_JSON = "Code node must return JSON-serializable data";

/**
 * Evaluates untrusted JavaScript in QuickJS on a thread of its own: CPU time and memory are capped
 * inside the interpreter, the thread's WebAssembly memory and V8 heap have hard maximums, and the
 * thread is terminated outright if it overstays, so the worker's event loop (and its queue locks)
 * never wait on user code and one sandbox exceeding its limits stops only itself. Waiting for a
 * slot ends as soon as `signal` aborts.
 */
export async function runSandboxed(req: SandboxRequest): Promise<unknown> {
  const release = await slots.acquire(req.tenant, req.signal);
  try {
    return await runInThread(req);
  } finally {
    release();
  }
}

type ThreadReply = { ok: true; json: string } | { ok: false; kind: "timeout" | "memory" | "result" | "error"; message: string };

function isThreadReply(value: unknown): value is ThreadReply {
  if (!value || typeof value !== "object") return false;
  const reply = value as Record<string, unknown>;
  return reply.ok === true ? typeof reply.json === "string" : reply.ok === false && typeof reply.kind === "string" && typeof reply.message === "string";
}

function tooLong(req: SandboxRequest) {
  return new NodeError("timeout", `Code ran longer than ${req.timeoutMs} ms and was stopped`);
}

function tooBig(req: SandboxRequest) {
  return new NodeError("client_error", `Code used more than ${req.memoryMb} MB of memory and was stopped`);
}

/** What the guest's reply means for the node: never throws. */
function outcomeOf(req: SandboxRequest, reply: unknown): { value: unknown } | { error: NodeError } {
  if (!isThreadReply(reply)) return { error: new NodeError("client_error", "Code sandbox sent an unreadable reply") };
  if (!reply.ok) {
    if (reply.kind === "timeout") return { error: tooLong(req) };
    if (reply.kind === "memory") return { error: tooBig(req) };
    if (reply.kind === "result") return { error: new NodeError("client_error", `${NOT_JSON}: ${reply.message}`) };
    return { error: new NodeError("client_error", `Code failed: ${reply.message}`) };
  }
  try {
    return { value: JSON.parse(reply.json) };
  } catch {
    return { error: new NodeError("client_error", `${NOT_JSON}: the result is not valid JSON`) };
  }
}

const MB = 1024 * 1024;

function runInThread(req: SandboxRequest): Promise<unknown> {
  const scopeJson = JSON.stringify(req.scope);
  if (scopeJson.length > req.memoryMb * MB) {
    const size = Math.ceil(scopeJson.length / MB);
    return Promise.reject(new NodeError("client_error", `The Code node's inputs (${size} MB as JSON) do not fit its memory limit of ${req.memoryMb} MB`));
  }
  return new Promise((resolve, reject) => {
    const thread = new Worker(new URL("./quickjs-thread.mjs", import.meta.url), {
      workerData: { code: req.code, scopeJson, timeoutMs: req.timeoutMs, memoryBytes: req.memoryMb * MB },
      // The guest lives in WebAssembly memory; the thread's own V8 heap holds only the scope text and
      // the result text. V8 aborts the whole process when one allocation overshoots a thread's heap
      // limit, so the limit is sized to hold both with room to spare.
      resourceLimits: { maxOldGenerationSizeMb: 64 + Math.ceil((4 * scopeJson.length) / MB) + 4 * req.memoryMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    });
    let settled = false;
    const finish = (outcome: { value: unknown } | { error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      req.signal.removeEventListener("abort", onAbort);
      thread.terminate().catch(() => undefined);
      if ("error" in outcome) reject(outcome.error);
      else resolve(outcome.value);
    };
    // Backstop in case the interpreter's own interrupt does not fire (e.g. stuck in a host call).
    const killTimer = setTimeout(() => finish({ error: tooLong(req) }), req.timeoutMs + START_ALLOWANCE_MS);
    const onAbort = () => finish({ error: req.signal.reason instanceof Error ? req.signal.reason : new Error("Aborted") });
    req.signal.addEventListener("abort", onAbort, { once: true });
    if (req.signal.aborted) onAbort();
    // Nothing from the thread may throw into the host: every handler settles the promise and returns.
    thread.on("message", (reply: unknown) => {
      try {
        finish(outcomeOf(req, reply));
      } catch (error) {
        finish({ error: new NodeError("client_error", `Code sandbox failed: ${(error as Error).message}`) });
      }
    });
    thread.on("error", (error: Error & { code?: string }) => {
      finish({ error: error.code === "ERR_WORKER_OUT_OF_MEMORY" ? tooBig(req) : new NodeError("client_error", `Code sandbox failed: ${error.message}`) });
    });
    thread.on("exit", (code) => finish({ error: new NodeError("client_error", `Code sandbox stopped unexpectedly (exit ${code})`) }));
  });
}
