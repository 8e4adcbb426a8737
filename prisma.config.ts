import { defineConfig } from "prisma/config";

// The Prisma CLI tries to download its native schema engine before `generate`, which this
// project never uses (migrations run through scripts/db-migrate.ts). Pointing the documented
// override at an existing file stops the download; generate/validate/format need no engine.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
