import { TRPCError } from "@trpc/server";
import type { Db } from "../db";
import { requireRun } from "../services/access";
import { ForbiddenError, NotFoundError } from "../services/errors";
import { sessionVersion } from "../services/users";

/** How often a live subscription re-checks that its viewer may still see what it streams. */
export const LIVE_ACCESS_RECHECK_MS = 3_000;

export interface LiveAccess {
  /** Aborts when the caller's signal does, or when access is lost. */
  signal: AbortSignal;
  /** Throws why access ended, once it has. */
  throwIfLost(): void;
  stop(): void;
}

/**
 * Re-runs `stillAllowed` every `intervalMs` while a subscription streams; once it answers false,
 * the returned signal aborts. A check that fails for another reason (a database hiccup) is retried
 * on the next tick rather than ending the stream.
 */
export function watchAccess(outer: AbortSignal | undefined, stillAllowed: () => Promise<boolean>, lostError: () => Error, intervalMs = LIVE_ACCESS_RECHECK_MS): LiveAccess {
  const controller = new AbortController();
  let lost = false;
  let checking = false;
  const onAbort = () => controller.abort();
  if (outer?.aborted) controller.abort();
  outer?.addEventListener("abort", onAbort, { once: true });
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    stillAllowed()
      .then((allowed) => {
        if (allowed) return;
        lost = true;
        controller.abort();
      }, () => undefined)
      .finally(() => {
        checking = false;
      });
  }, intervalMs);
  return {
    signal: controller.signal,
    throwIfLost() {
      if (lost) throw lostError();
    },
    stop() {
      clearInterval(timer);
      outer?.removeEventListener("abort", onAbort);
    },
  };
}

/**
 * Watches a run viewer: the stream ends when the viewer's session is revoked (sign-out) or they
 * lose access to the run's workspace (membership removed).
 */
export async function watchRunViewer(db: Db, userId: string, runId: string, outer: AbortSignal | undefined, intervalMs?: number): Promise<LiveAccess> {
  const version = await sessionVersion(db, userId);
  const stillAllowed = async () => {
    if ((await sessionVersion(db, userId)) !== version) return false;
    try {
      await requireRun(db, userId, runId, "viewer");
      return true;
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof ForbiddenError) return false;
      throw error;
    }
  };
  return watchAccess(outer, stillAllowed, () => new TRPCError({ code: "UNAUTHORIZED", message: "You no longer have access to this run" }), intervalMs);
}
