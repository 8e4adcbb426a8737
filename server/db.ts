import { PrismaPg } from "@prisma/adapter-pg";
import { serverEnv } from "./env";
import { PrismaClient } from "./generated/prisma/client";
import { pgConfigFromUrl } from "./db/pg-url";

export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { orchestraDb?: PrismaClient };

/**
 * Under load every engine step is a short transaction; waiting for a pooled connection is normal,
 * so they may queue longer than Prisma's 2 s default before giving up.
 */
export function createDb(databaseUrl: string, poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10)): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ ...pgConfigFromUrl(databaseUrl), max: poolSize }),
    transactionOptions: { maxWait: 20_000, timeout: 20_000 },
  });
}

/** One client per process (kept across Next dev reloads). */
export function db(): PrismaClient {
  globalForDb.orchestraDb ??= createDb(serverEnv().DATABASE_URL);
  return globalForDb.orchestraDb;
}
