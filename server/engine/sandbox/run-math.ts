import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { NodeError } from "../node-error";
import { SlotPool } from "./slot-pool";

/** Calculator processes per worker, and how many one workspace may use at once. */
export const MATH_PROCESSES = 2;
export const MATH_PROCESSES_PER_TENANT = 1;
/** A calculation longer than this is stopped (real ones take milliseconds). */
export const MATH_TIMEOUT_MS = 2_000;
/** The V8 heap of one calculator process. */
export const MATH_HEAP_MB = 256;
const START_TIMEOUT_MS = 20_000;

const slots = new SlotPool(MATH_PROCESSES, MATH_PROCESSES_PER_TENANT);
const idle: MathProcess[] = [];

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

function isReply(value: unknown): value is Reply {
  if (!value || typeof value !== "object") return false;
  const reply = value as Record<string, unknown>;
  return typeof reply.id === "number" && (reply.ok === true ? "value" in reply : reply.ok === false && typeof reply.message === "string");
}

/** One child process running math-process.mjs, used by one evaluation at a time. */
class MathProcess {
  private readonly child: ChildProcess;
  private readonly ready: Promise<void>;
  private started: () => void = () => undefined;
  private pending: { id: number; settle: (outcome: { value: unknown } | { error: Error }) => void } | null = null;
  private nextId = 1;
  alive = true;

  constructor() {
    // No environment: the process has nothing to leak, and its heap has a hard limit.
    this.child = fork(fileURLToPath(new URL("./math-process.mjs", import.meta.url)), [], {
      env: { NODE_ENV: "production" },
      execArgv: [`--max-old-space-size=${MATH_HEAP_MB}`],
      serialization: "advanced",
      stdio: ["ignore", "ignore", "ignore", "ipc"],
    });
    this.ready = new Promise<void>((resolve) => (this.started = resolve));
    this.child.on("message", (message: unknown) => {
      try {
        if (message && typeof message === "object" && (message as { ready?: unknown }).ready === true) return this.started();
        if (isReply(message) && this.pending?.id === message.id) {
          this.pending.settle(message.ok ? { value: message.value } : { error: new NodeError("client_error", message.message) });
        }
      } catch {
        this.kill();
      }
    });
    this.child.on("error", () => this.exited("The calculator process failed"));
    this.child.on("exit", () => this.exited(`The expression used more than ${MATH_HEAP_MB} MB of memory and was stopped`));
    this.child.unref();
    this.child.channel?.unref();
  }

  /** Evaluates one expression; on a timeout or abort the process is killed and the error says why. */
  async evaluate(expression: string, signal: AbortSignal): Promise<unknown> {
    const started = await Promise.race([this.ready.then(() => true), delay(START_TIMEOUT_MS, signal).then(() => false)]);
    if (!started || !this.alive) {
      this.kill();
      if (signal.aborted) throw abortReason(signal);
      throw new NodeError("server_error", "The calculator did not start");
    }
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const settle = (outcome: { value: unknown } | { error: Error }) => {
        if (this.pending?.id !== id) return;
        this.pending = null;
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        if ("error" in outcome) reject(outcome.error);
        else resolve(outcome.value);
      };
      this.pending = { id, settle };
      const stop = (error: Error) => {
        settle({ error });
        this.kill();
      };
      const timer = setTimeout(() => stop(new NodeError("client_error", `The expression ran longer than ${MATH_TIMEOUT_MS} ms and was stopped`)), MATH_TIMEOUT_MS);
      const onAbort = () => stop(abortReason(signal));
      signal.addEventListener("abort", onAbort, { once: true });
      if (signal.aborted) return onAbort();
      const failed = (error: Error | null) => {
        if (error) stop(new NodeError("server_error", `The calculator process failed: ${error.message}`));
      };
      try {
        this.child.send({ id, expression }, failed);
      } catch (error) {
        failed(error as Error);
      }
    });
  }

  kill() {
    this.alive = false;
    this.child.kill("SIGKILL");
  }

  private exited(message: string) {
    this.alive = false;
    this.started();
    const at = idle.indexOf(this);
    if (at >= 0) idle.splice(at, 1);
    this.pending?.settle({ error: new NodeError("client_error", message) });
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error("Aborted");
}

/**
 * Evaluates a Calculator expression in one of a few long-lived child processes: a hard deadline
 * (the process is killed and replaced), a heap limit that ends only that process, and a fair
 * share of processes per workspace. Waiting for one ends when `signal` aborts.
 */
export async function runMath(expression: string, opts: { tenant: string; signal: AbortSignal }): Promise<unknown> {
  const release = await slots.acquire(opts.tenant, opts.signal);
  let proc: MathProcess | undefined;
  try {
    proc = idle.pop() ?? new MathProcess();
    return await proc.evaluate(expression, opts.signal);
  } finally {
    if (proc?.alive) idle.push(proc);
    release();
  }
}
