// Applies checked-in migrations to DATABASE_URL (or the embedded Postgres when it is unset).
import { applyMigrations } from "../server/db/migrations";
import { resolveDatabaseUrlForTooling } from "./tooling-db";

const url = await resolveDatabaseUrlForTooling();
const { applied } = await applyMigrations(url);
console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database is up to date.");
process.exit(0);
