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

export function createEnginePool(databaseUrl: string, max = Number(process.env.DATABASE_POOL_SIZE ?? 10)): EnginePool {
  const pool = new pg.Pool({ ...pgConfigFromUrl(databaseUrl), max });
  pool.on("error", () => undefined); // a broken idle connection is replaced on next use
  return {
    async tx(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const result = await fn({
          query: async <T>(text: string, params: unknown[] = []) => (await client.query({ name: statementName(text), text, values: params })).rows as T[],
        });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        // A connection that cannot even roll back is dead (a database restart): drop it from the pool.
        await client.query("ROLLBACK").catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async query<T>(text: string, params: unknown[] = []) {
      return (await pool.query({ name: statementName(text), text, values: params })).rows as T[];
    },
    end: () => pool.end(),
  };
}
