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
  workspaceId: string;
  inputs: Record<string, string>;
}

/**
 * Locks the run's row for the rest of the transaction. Every state change of a run happens under
 * this lock, so readiness checks see every committed predecessor and sequence numbers never race.
 */
export async function lockRun(sql: Sql, runId: string): Promise<LockedRun | null> {
  const rows = await sql.query<{ id: string; status: RunStatusText; started: number | null; deadline: number | null; flowVersionId: string; workspaceId: string; inputs: unknown }>(
    `SELECT id, status::text AS status, (extract(epoch FROM "startedAt") * 1000)::float8 AS started,
            (extract(epoch FROM "deadlineAt") * 1000)::float8 AS deadline, "flowVersionId", "workspaceId", inputs
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
    workspaceId: row.workspaceId,
    inputs: (typeof row.inputs === "string" ? JSON.parse(row.inputs) : row.inputs) as Record<string, string>,
  };
}

/** Appends events with the next sequence numbers; returns the newest seq. Call with the run locked. */
export async function appendEvents(sql: Sql, runId: string, events: RunEventBody[]): Promise<number> {
  if (events.length === 0) {
    const [row] = await sql.query<{ lastSeq: number }>(`SELECT "lastSeq" FROM "Run" WHERE id = $1`, [runId]);
    return Number(row?.lastSeq ?? 0);
  }
  // One round trip: allocate the sequence numbers and insert the events together.
  const params: unknown[] = [runId, events.length];
  const rows = events.map((event, i) => {
    params.push(i + 1, event.type, event.nodeId, JSON.stringify(event.payload));
    const p = params.length;
    return `($${p - 3}::int, $${p - 2}::text, $${p - 1}::text, $${p}::jsonb)`;
  });
  const inserted = await sql.query<{ seq: number }>(
    `WITH s AS (UPDATE "Run" SET "lastSeq" = "lastSeq" + $2::int WHERE id = $1 RETURNING "lastSeq")
     INSERT INTO "RunEvent" ("runId", seq, type, "nodeId", payload)
     SELECT $1, s."lastSeq" - $2::int + v.k, v.type, v.node, v.payload FROM s, (VALUES ${rows.join(", ")}) AS v(k, type, node, payload)
     RETURNING seq`,
    params,
  );
  return Math.max(...inserted.map((r) => Number(r.seq)));
}
