import { describe, expect, it } from "vitest";
import { applyMigrations, readMigrations } from "@/server/db/migrations";
import { diffMigrationsToSchema } from "@/server/db/schema-engine";
import { createTestDatabase, TEST_PG_URL } from "./support/services";

describe("migrations", () => {
  it("schema.prisma and the checked-in migrations agree", async () => {
    expect(readMigrations().length).toBeGreaterThan(0);
    expect(await diffMigrationsToSchema(TEST_PG_URL)).toBe("");
  });

  it("detects a schema change that has no migration", async () => {
    const schema = await import("node:fs").then((fs) => fs.readFileSync("prisma/schema.prisma", "utf8"));
    const drifted = schema.replace("model Workspace {", "model Workspace {\n  slug String?");
    expect(await diffMigrationsToSchema(TEST_PG_URL, drifted)).toContain('ADD COLUMN     "slug" TEXT');
  });

  it("applies each migration once and records it as Prisma does", async () => {
    const database = await createTestDatabase(); // already migrated
    try {
      expect((await applyMigrations(database.url)).applied).toEqual([]);
    } finally {
      await database.drop();
    }
  });
});
