import type { ExecuteNodeJob, WaitpointJob } from "../../queue";

/**
 * What a committed state change asks the outside world to do, in order. Every path that changes
 * a run (a worker settling a node, a person deciding, a child run ending, a cancel, the sweeper)
 * returns these and hands them to `applyEffects`: nothing is done before the commit, and no
 * caller writes its own "after commit" sequence.
 */
export interface Effects {
  /** Node jobs to enqueue (their rows are committed as queued). */
  enqueue: ExecuteNodeJob[];
  /** Newest event seq per run, to announce to live viewers. */
  publish: Map<string, number>;
  /** Running nodes to abort on every worker: all of the run's, or only `nodeIds`. */
  cancelRunning: { runId: string; nodeIds?: string[] }[];
  /** Queued jobs to drop from the queue (their rows are already cancelled). */
  removeJobs: ExecuteNodeJob[];
  /** Time waitpoints to wake at a moment. */
  wake: { job: WaitpointJob; atMs: number }[];
  /** Runs to stop (cancelled with the reason), each in its own transaction. */
  cancelRuns: { runId: string; reason: string }[];
  /** Runs that reached a final status: their live children are cancelled, their parent is woken. */
  endedRuns: string[];
}

export function noEffects(): Effects {
  return { enqueue: [], publish: new Map(), cancelRunning: [], removeJobs: [], wake: [], cancelRuns: [], endedRuns: [] };
}

export function published(runId: string, seq: number, into: Effects = noEffects()): Effects {
  into.publish.set(runId, Math.max(seq, into.publish.get(runId) ?? 0));
  return into;
}

/** Adds `more` into `into` (mutates and returns `into`). */
export function mergeEffects(into: Effects, more: Effects | null | undefined): Effects {
  if (!more) return into;
  into.enqueue.push(...more.enqueue);
  for (const [runId, seq] of more.publish) published(runId, seq, into);
  into.cancelRunning.push(...more.cancelRunning);
  into.removeJobs.push(...more.removeJobs);
  into.wake.push(...more.wake);
  into.cancelRuns.push(...more.cancelRuns);
  into.endedRuns.push(...more.endedRuns);
  return into;
}
