import type { Db } from "../db";

/**
 * Reserves `nanoUsd` of the run's budget for a model call about to be made, atomically with the
 * check, so parallel calls cannot overspend together. True when reserved (or the run has no budget).
 */
export async function reserveBudget(db: Db, runId: string, nanoUsd: number): Promise<{ ok: true } | { ok: false; remainingNanoUsd: number }> {
  const amount = BigInt(Math.max(0, Math.ceil(nanoUsd)));
  const reserved = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Run" SET "reservedNanoUsd" = "reservedNanoUsd" + ${amount}
    WHERE id = ${runId} AND ("budgetNanoUsd" IS NULL OR "costNanoUsd" + "reservedNanoUsd" + ${amount} <= "budgetNanoUsd")
    RETURNING id`;
  if (reserved.length > 0) return { ok: true };
  const run = await db.run.findUnique({ where: { id: runId }, select: { budgetNanoUsd: true, costNanoUsd: true, reservedNanoUsd: true } });
  const remaining = run?.budgetNanoUsd == null ? 0 : Number(run.budgetNanoUsd - run.costNanoUsd - run.reservedNanoUsd);
  return { ok: false, remainingNanoUsd: Math.max(0, remaining) };
}
