import type { RunEventBody } from "@/lib/run/events";
import type { Sql } from "./sql";

export type RunStatusText = "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled" | "budget_exceeded";

export interface LockedRun {
  id: string;
  status: RunStatusText;
  /** Epoch ms, or null. */
  startedAtMs: number | null;
  deadlineAtMs: number | null;
  flowVersionId: string;
  inputs: Record<string, string>;
}

/**
 * Locks the run's row for the rest of the transaction. Every state change of a run happens under
 * this lock, so readiness checks see every committed predecessor and sequence numbers never race.
 */
export async function lockRun(sql: Sql, runId: string): Promise<LockedRun | null> {
  const rows = await sql.query<{ id: string; status: RunStatusText; started: number | null; deadline: number | null; flowVersionId: string; inputs: unknown }>(
    `SELECT id, status::text AS status, (extract(epoch FROM "startedAt") * 1000)::float8 AS started,
            (extract(epoch FROM "deadlineAt") * 1000)::float8 AS deadline, "flowVersionId", inputs
       FROM "Run" WHERE id = $1 FOR UPDATE`,
    [runId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    startedAtMs: row.started === null ? null : Number(row.started),
    deadlineAtMs: row.deadline === null ? null : Number(row.deadline),
    flowVersionId: row.flowVersionId,
    inputs: (typeof row.inputs === "string" ? JSON.parse(row.inputs) : row.inputs) as Record<string, string>,
  };
}

/** Appends events with the next sequence numbers; returns the newest seq. Call with the run locked. */
export async function appendEvents(sql: Sql, runId: string, events: RunEventBody[]): Promise<number> {
  const [updated] = await sql.query<{ lastSeq: number }>(`UPDATE "Run" SET "lastSeq" = "lastSeq" + $2 WHERE id = $1 RETURNING "lastSeq"`, [runId, events.length]);
  const lastSeq = Number(updated?.lastSeq ?? 0);
  if (events.length === 0) return lastSeq;
  const first = lastSeq - events.length + 1;
  const params: unknown[] = [runId];
  const rows = events.map((event, i) => {
    params.push(first + i, event.type, event.nodeId, JSON.stringify(event.payload));
    const p = params.length;
    return `($1, $${p - 3}, $${p - 2}, $${p - 1}, $${p}::jsonb)`;
  });
  await sql.query(`INSERT INTO "RunEvent" ("runId", seq, type, "nodeId", payload) VALUES ${rows.join(", ")}`, params);
  return lastSeq;
}
