// Writes prisma/migrations/<timestamp>_<name>/migration.sql from the difference between the
// checked-in migrations and prisma/schema.prisma. Usage: npm run db:migration:new -- <name>
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MIGRATIONS_DIR } from "../server/db/migrations";
import { diffMigrationsToSchema, MIGRATION_LOCKFILE } from "../server/db/schema-engine";
import { resolveDatabaseUrlForTooling } from "./tooling-db";

const name = (process.argv[2] ?? "").replace(/[^a-zA-Z0-9_]/g, "_");
if (!name) {
  console.error("Usage: npm run db:migration:new -- <name>");
  process.exit(2);
}
const sql = await diffMigrationsToSchema(await resolveDatabaseUrlForTooling());
if (!sql.trim()) {
  console.log("schema.prisma and the migrations agree: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
writeFileSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"), `# Written by scripts/db-migration-new.ts\n${MIGRATION_LOCKFILE}`);
console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
