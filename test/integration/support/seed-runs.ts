import { sampleGraph } from "@/lib/flow/sample-graph";
import type { Db } from "@/server/db";
import { createFlow, saveFlowVersion } from "@/server/services/flows";

export interface SeedFlow {
  flowId: string;
  flowVersionId: string;
}

/** A flow with one saved version (the sample graph), as runs need. */
export async function seedFlow(db: Db, userId: string, workspaceId: string, name: string): Promise<SeedFlow> {
  const flow = await createFlow(db, userId, workspaceId, name);
  await saveFlowVersion(db, userId, flow.id, sampleGraph());
  const version = await db.flowVersion.findUniqueOrThrow({ where: { flowId_version: { flowId: flow.id, version: 1 } }, select: { id: true } });
  return { flowId: flow.id, flowVersionId: version.id };
}

export const SEED_STATUSES = ["queued", "running", "waiting", "succeeded", "failed", "cancelled", "budget_exceeded"] as const;

export interface SeedRunsOptions {
  workspaceId: string;
  userId: string;
  flows: SeedFlow[];
  count: number;
  /** Ids are `<idPrefix><7-digit index>`; use a different prefix per call. */
  idPrefix: string;
  /** createdAt of run 0; run g is `floor(g / 3) * spacingMs` older, so runs share timestamps in threes. */
  newest: Date;
  spacingMs: number;
  /** Every Nth run is a Sub-flow child of the run before it (0: none). */
  childEvery?: number;
}

/**
 * Bulk-inserts runs with one INSERT … SELECT generate_series. Run g has status
 * SEED_STATUSES[g % 7], flow flows[g % flows.length], trigger "rerun" (of run g-1) when g % 5 = 4.
 */
export async function seedRuns(db: Db, o: SeedRunsOptions): Promise<number> {
  if (o.flows.length === 0) throw new Error("seedRuns needs at least one flow");
  const values: unknown[] = [o.workspaceId, o.userId, o.idPrefix, o.newest.toISOString(), o.spacingMs, o.count, o.childEvery ?? 0, o.flows.length];
  const flowRows = o.flows.map((f, i) => {
    values.push(f.flowId, f.flowVersionId);
    return `(${i}, $${values.length - 1}::text, $${values.length}::text)`;
  });
  const statuses = SEED_STATUSES.map((s) => `'${s}'`).join(",");
  return db.$executeRawUnsafe(
    `WITH flows(i, flow_id, version_id) AS (VALUES ${flowRows.join(", ")}),
     s AS (
       SELECT g, $3::text || lpad(g::text, 7, '0') AS id,
         $4::timestamp - ((g / 3)::bigint * $5::bigint) * interval '1 millisecond' AS created,
         (ARRAY[${statuses}])[1 + g % 7] AS status
       FROM generate_series(0, $6::int - 1) AS g
     )
     INSERT INTO "Run" (id, "workspaceId", "flowId", "flowVersionId", status, trigger, inputs, "costNanoUsd", "tokensIn", "tokensOut",
       "startedById", "createdAt", "startedAt", "finishedAt", "parentRunId", depth, "rerunOfId")
     SELECT s.id, $1::text, f.flow_id, f.version_id, s.status::"RunStatus",
       CASE WHEN s.g % 5 = 4 THEN 'rerun' ELSE 'manual' END, '{}'::jsonb, s.g::bigint * 1000, s.g % 1000, s.g % 300,
       $2::text, s.created,
       CASE WHEN s.status <> 'queued' THEN s.created + interval '50 milliseconds' END,
       CASE WHEN s.status NOT IN ('queued', 'running', 'waiting') THEN s.created + interval '50 milliseconds' + (s.g % 100) * interval '10 milliseconds' END,
       CASE WHEN $7::int > 0 AND s.g % $7::int = $7::int - 1 THEN $3::text || lpad((s.g - 1)::text, 7, '0') END,
       CASE WHEN $7::int > 0 AND s.g % $7::int = $7::int - 1 THEN 1 ELSE 0 END,
       CASE WHEN s.g % 5 = 4 THEN $3::text || lpad((s.g - 1)::text, 7, '0') END
     FROM s JOIN flows f ON f.i = s.g % $8::int`,
    ...values,
  );
}
