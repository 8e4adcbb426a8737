// Starts the real product (web + worker) for Playwright on a database and queue prefix of its own.
import pg from "pg";
import { pgConfigFromUrl, withDatabase } from "../server/db/pg-url";
import { launch } from "../scripts/lib/launch";

const base = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const name = `orchestra_e2e_${process.pid}`;
const admin = new pg.Client(pgConfigFromUrl(base));
await admin.connect();
// Databases left by earlier e2e runs that were killed before cleaning up (not those of runs still going).
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const stale = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'orchestra_e2e_%'");
for (const row of stale.rows) {
  if (!alive(Number(row.datname.slice("orchestra_e2e_".length)))) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
}
await admin.query(`CREATE DATABASE "${name}"`);
await admin.end();

process.env.DATABASE_URL = withDatabase(base, name);
process.env.REDIS_URL ??= process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
process.env.QUEUE_PREFIX = name;
process.env.NEXTAUTH_URL = `http://127.0.0.1:${process.env.PORT ?? 3100}`;
process.env.NEXTAUTH_SECRET ??= "e2e-only-secret-not-for-production-0123456789";
// The specs' local model server listens on 127.0.0.1, which outbound calls may not reach by default.
process.env.HTTP_ALLOWED_HOSTS ??= "127.0.0.1";
process.env.CREDENTIALS_KEYS ??= `e2e:${Buffer.alloc(32, 7).toString("base64")}`;
await launch();
