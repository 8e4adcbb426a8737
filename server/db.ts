import { PrismaPg } from "@prisma/adapter-pg";
import { serverEnv } from "./env";
import { PrismaClient } from "./generated/prisma/client";
import { pgConfigFromUrl } from "./db/pg-url";

export type Db = PrismaClient;

const globalForDb = globalThis as unknown as { orchestraDb?: PrismaClient };

export function createDb(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ ...pgConfigFromUrl(databaseUrl), max: 10 }) });
}

/** One client per process (kept across Next dev reloads). */
export function db(): PrismaClient {
  globalForDb.orchestraDb ??= createDb(serverEnv().DATABASE_URL);
  return globalForDb.orchestraDb;
}
