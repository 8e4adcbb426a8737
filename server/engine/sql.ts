import pg from "pg";
import type { Prisma } from "../generated/prisma/client";
import { pgConfigFromUrl } from "../db/pg-url";

/**
 * The engine's hot path speaks SQL directly: each node is two short transactions, and Prisma's
 * per-query overhead (~0.5 ms each) was most of their cost. Services keep Prisma; the shared
 * helpers take this small interface so they run in either kind of transaction.
 */
export interface Sql {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
}

/** Timestamps are stored as UTC `timestamp(3)`, as Prisma does. */
export const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

export function prismaSql(tx: Prisma.TransactionClient): Sql {
  return { query: <T>(text: string, params: unknown[] = []) => tx.$queryRawUnsafe<T[]>(text, ...params) };
}

export interface EnginePool {
  /** Runs `fn` in one transaction on one connection; rolls back if it throws. */
  tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  end(): Promise<void>;
}

/**
 * Every engine statement runs as a named prepared statement (name derived from its text), so
 * each connection parses and plans it once; Postgres spent most of its CPU on that before.
 */
function statementName(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `e${(hash >>> 0).toString(36)}_${text.length}`;
}

/** Postgres unreachable or restarting (connection refused or cut, server shutting down or starting). */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && /^(08|57P0[1-3])/.test(e.code)) return true;
  if (e.code && ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT"].includes(e.code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(e.message ?? "");
}

/** How long a transaction keeps trying while the database restarts. */
const RECONNECT_DELAYS_MS = [100, 250, 500, 1_000, 1_000, 2_000, 2_000, 3_000, 3_000, 5_000];

export function createEnginePool(databaseUrl: string, max = Number(process.env.DATABASE_POOL_SIZE ?? 10)): EnginePool {
  const pool = new pg.Pool({ ...pgConfigFromUrl(databaseUrl), max });
  pool.on("error", () => undefined); // a broken idle connection is replaced on next use

  /** One attempt; `committing` tells the caller whether COMMIT had been sent when it failed. */
  async function attempt<T>(fn: (sql: Sql) => Promise<T>, state: { committing: boolean }): Promise<T> {
    const client = await pool.connect();
    let broken: Error | undefined;
    // A server going away between two statements errors the checked-out client; unheard, that
    // 'error' event would crash the process. The next statement then fails and the tx is retried.
    const onError = (error: Error) => {
      broken = error;
    };
    client.on("error", onError);
    try {
      await client.query("BEGIN");
      const result = await fn({
        query: async <R>(text: string, params: unknown[] = []) => (await client.query({ name: statementName(text), text, values: params })).rows as R[],
      });
      state.committing = true;
      await client.query("COMMIT");
      return result;
    } catch (error) {
      // A connection that cannot even roll back is dead (a database restart): drop it from the pool.
      await client.query("ROLLBACK").catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      client.off("error", onError);
      client.release(broken);
    }
  }

  return {
    /**
     * A transaction that rides out a database restart: when the connection fails before COMMIT
     * is sent, nothing was committed, so it is tried again on a fresh connection (for ~20 s).
     * A failure during COMMIT is not retried (it may have committed).
     */
    async tx(fn) {
      for (let i = 0; ; i++) {
        const state = { committing: false };
        try {
          return await attempt(fn, state);
        } catch (error) {
          const delay = RECONNECT_DELAYS_MS[i];
          if (state.committing || delay === undefined || !isConnectionError(error)) throw error;
          await new Promise((r) => setTimeout(r, delay));
        }
      }
    },
    async query<T>(text: string, params: unknown[] = []) {
      return (await pool.query({ name: statementName(text), text, values: params })).rows as T[];
    },
    end: () => pool.end(),
  };
}
