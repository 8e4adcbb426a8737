import type { RunEventBody } from "@/lib/run/events";
import type { Prisma } from "../generated/prisma/client";

type Tx = Prisma.TransactionClient;

export interface LockedRun {
  id: string;
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled";
  startedAt: Date | null;
}

/**
 * Locks the run's row for the rest of the transaction. Every state change of a run happens under
 * this lock, so readiness checks see every committed predecessor and sequence numbers never race.
 */
export async function lockRun(tx: Tx, runId: string): Promise<LockedRun | null> {
  const rows = await tx.$queryRaw<LockedRun[]>`
    SELECT id, status::text AS status, "startedAt" FROM "Run" WHERE id = ${runId} FOR UPDATE`;
  return rows[0] ?? null;
}

/** Appends events with the next sequence numbers; returns the newest seq. Call with the run locked. */
export async function appendEvents(tx: Tx, runId: string, events: RunEventBody[]): Promise<number> {
  const updated = await tx.run.update({
    where: { id: runId },
    data: { lastSeq: { increment: events.length } },
    select: { lastSeq: true },
  });
  const first = updated.lastSeq - events.length + 1;
  if (events.length > 0) {
    await tx.runEvent.createMany({
      data: events.map((event, i) => ({
        runId,
        seq: first + i,
        type: event.type,
        nodeId: event.nodeId,
        payload: event.payload,
      })),
    });
  }
  return updated.lastSeq;
}
