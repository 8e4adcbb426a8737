import { TRPCError } from "@trpc/server";
import type { Db } from "../db";

/** How often a live subscription re-checks that its viewer may still see what it streams. */
export const LIVE_ACCESS_RECHECK_MS = 4_000;

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

/** The user's session version and whether they are still a member of the workspace, in one query. */
async function viewerState(db: Db, userId: string, workspaceId: string): Promise<{ sessionVersion: number; member: boolean } | null> {
  const rows = await db.$queryRaw<{ sessionVersion: number; member: boolean }[]>`
    SELECT u."sessionVersion", EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = u.id AND m."workspaceId" = ${workspaceId}) AS member
    FROM "User" u WHERE u.id = ${userId}`;
  return rows[0] ?? null;
}

/**
 * Watches a run viewer: the stream ends when the viewer's session is revoked (sign-out) or they
 * lose access to the run's workspace (membership removed). Call after the viewer was authorized.
 */
export async function watchRunViewer(db: Db, userId: string, runId: string, outer: AbortSignal | undefined, intervalMs?: number): Promise<LiveAccess> {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { workspaceId: true } });
  const initial = await viewerState(db, userId, run.workspaceId);
  const stillAllowed = async () => {
    const now = await viewerState(db, userId, run.workspaceId);
    return now !== null && now.member && now.sessionVersion === initial?.sessionVersion;
  };
  return watchAccess(outer, stillAllowed, () => new TRPCError({ code: "UNAUTHORIZED", message: "You no longer have access to this run" }), intervalMs);
}
