import type { LockedRun } from "../run-log";
import type { EnginePool, Sql } from "../sql";

export interface Usage {
  tokensIn: number;
  tokensOut: number;
  costNanoUsd: number;
}

export interface Totals extends Usage {
  startedAtMs: number | null;
}

/**
 * The run and every run above it (a child run's tokens and cost roll into its parents, live).
 * Ordered child first: every path that locks several runs locks them bottom-up, so none deadlock.
 */
const CHAIN = `WITH RECURSIVE chain(id, d) AS (
  SELECT $1::text, 0
  UNION ALL SELECT r."parentRunId", c.d + 1 FROM "Run" r JOIN chain c ON r.id = c.id WHERE r."parentRunId" IS NOT NULL AND c.d < 20)`;

/** Adds a node's usage to its run (and the runs above it) and gives back what it had reserved. */
export async function addToTotals(sql: Sql, run: Pick<LockedRun, "id" | "parentRunId">, usage: Usage, releaseNanoUsd: number): Promise<Totals> {
  const params = [run.id, usage.tokensIn, usage.tokensOut, usage.costNanoUsd, Math.ceil(releaseNanoUsd)];
  const set = `"tokensIn" = r."tokensIn" + $2, "tokensOut" = r."tokensOut" + $3, "costNanoUsd" = r."costNanoUsd" + $4, "reservedNanoUsd" = r."reservedNanoUsd" - $5`;
  const returning = `RETURNING r.id, r."tokensIn", r."tokensOut", r."costNanoUsd"::text AS cost, (extract(epoch FROM r."startedAt") * 1000)::float8 AS started`;
  const rows = await sql.query<{ id: string; tokensIn: number; tokensOut: number; cost: string; started: number | null }>(
    run.parentRunId === null
      ? `UPDATE "Run" r SET ${set} WHERE r.id = $1 ${returning}`
      : `${CHAIN} UPDATE "Run" r SET ${set} FROM chain WHERE r.id = chain.id ${returning}`,
    params,
  );
  const row = rows.find((r) => r.id === run.id)!;
  return { tokensIn: row.tokensIn, tokensOut: row.tokensOut, costNanoUsd: Number(row.cost), startedAtMs: row.started === null ? null : Number(row.started) };
}

/** Gives back a reservation that is not followed by a commit (the try was cancelled or its run ended). */
export async function releaseReservation(pool: EnginePool, runId: string, reservedNanoUsd: number): Promise<void> {
  if (reservedNanoUsd <= 0) return;
  await pool.query(`${CHAIN} UPDATE "Run" r SET "reservedNanoUsd" = r."reservedNanoUsd" - $2 FROM chain WHERE r.id = chain.id`, [runId, Math.ceil(reservedNanoUsd)]);
}

/**
 * Reserves `nanoUsd` for a model call about to be made, atomically with the check against the
 * run's budget and every parent run's, so parallel calls (and sibling child runs) cannot
 * overspend together. A run without a budget always fits.
 */
export async function reserveBudget(pool: EnginePool, runId: string, nanoUsd: number): Promise<{ ok: true } | { ok: false; remainingNanoUsd: number }> {
  const amount = Math.max(0, Math.ceil(nanoUsd));
  return pool.tx(async (sql) => {
    const chain = await sql.query<{ id: string; left: string | null }>(
      `${CHAIN} SELECT r.id, (r."budgetNanoUsd" - r."costNanoUsd" - r."reservedNanoUsd")::text AS left
         FROM "Run" r JOIN chain ON r.id = chain.id ORDER BY chain.d FOR UPDATE OF r`,
      [runId],
    );
    const limits = chain.filter((r) => r.left !== null).map((r) => BigInt(r.left as string));
    const remaining = limits.length ? limits.reduce((a, b) => (a < b ? a : b)) : null;
    if (remaining !== null && remaining < BigInt(amount)) return { ok: false, remainingNanoUsd: Math.max(0, Number(remaining)) };
    await sql.query(`UPDATE "Run" SET "reservedNanoUsd" = "reservedNanoUsd" + $2 WHERE id = ANY($1::text[])`, [chain.map((r) => r.id), amount]);
    return { ok: true };
  });
}
