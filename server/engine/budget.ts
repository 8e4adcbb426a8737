import type { EnginePool } from "./sql";

/**
 * Reserves `nanoUsd` of the run's budget for a model call about to be made, atomically with the
 * check, so parallel calls cannot overspend together. True when reserved (or the run has no budget).
 */
export async function reserveBudget(pool: EnginePool, runId: string, nanoUsd: number): Promise<{ ok: true } | { ok: false; remainingNanoUsd: number }> {
  const amount = Math.max(0, Math.ceil(nanoUsd));
  const reserved = await pool.query(
    `UPDATE "Run" SET "reservedNanoUsd" = "reservedNanoUsd" + $2
      WHERE id = $1 AND ("budgetNanoUsd" IS NULL OR "costNanoUsd" + "reservedNanoUsd" + $2 <= "budgetNanoUsd") RETURNING id`,
    [runId, amount],
  );
  if (reserved.length > 0) return { ok: true };
  const [run] = await pool.query<{ remaining: string | null }>(
    `SELECT ("budgetNanoUsd" - "costNanoUsd" - "reservedNanoUsd")::text AS remaining FROM "Run" WHERE id = $1`,
    [runId],
  );
  return { ok: false, remainingNanoUsd: Math.max(0, Number(run?.remaining ?? 0)) };
}
