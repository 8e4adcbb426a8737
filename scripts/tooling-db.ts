import { startEmbeddedPostgres } from "./lib/embedded-postgres";

/**
 * A Postgres server for developer tooling (it only hosts throwaway shadow databases):
 * DATABASE_URL when set, else the embedded one.
 */
export async function resolveDatabaseUrlForTooling(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const pg = await startEmbeddedPostgres((line) => console.log(line));
  process.once("exit", () => void pg.stop());
  return pg.url;
}
