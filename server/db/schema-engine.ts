import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as wasmBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";
import { MIGRATIONS_DIR, readMigrations } from "./migrations";
import { pgConfigFromUrl } from "./pg-url";

/**
 * Prisma's WebAssembly schema engine (the CLI's native engine cannot be downloaded here), used only
 * to compute SQL: the diff between checked-in migrations and schema.prisma. These are Prisma
 * internals, so versions are pinned and test/integration/migrations.test.ts exercises them.
 */
const SCHEMA_PATH = path.resolve(process.cwd(), "prisma/schema.prisma");
const LOCKFILE = 'provider = "postgresql"\n';

let wasmReady: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const jsPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const compiled = await WebAssembly.compile(readFileSync(jsPath.replace(/\.js$/, ".wasm")));
    const instance = await WebAssembly.instantiate(compiled, {
      "./schema_engine_bg.js": wasmBindings as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start: () => void };
    (wasmBindings as unknown as { __wbg_set_wasm: (e: WebAssembly.Exports) => void }).__wbg_set_wasm(exports);
    exports.__wbindgen_start();
  })();
  return wasmReady;
}

type PgIo = (query: unknown) => Promise<{ fields: { dataTypeID: number }[]; rows: unknown[] }>;

/**
 * adapter-pg cannot deserialize Postgres' internal `"char"` type (OID 18), which the engine's
 * introspection reads from pg_catalog; reported as text (OID 25) its values parse fine.
 */
function readCharColumnsAsText<T extends object>(adapter: T): T {
  const target = adapter as unknown as { performIO: PgIo };
  const performIO = target.performIO.bind(adapter);
  target.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
  return adapter;
}

/**
 * PrismaPg creates its shadow database but drops it while its own pool still holds a
 * connection; this creates and force-drops a uniquely named one itself.
 */
class ShadowSafePg extends PrismaPg {
  constructor(private readonly baseConfig: pg.PoolConfig) {
    super(baseConfig);
  }

  override async connect() {
    return readCharColumnsAsText(await super.connect());
  }

  override async connectToShadowDb() {
    const database = `orchestra_shadow_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client(this.baseConfig);
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const adapter = readCharColumnsAsText(await new PrismaPg({ ...this.baseConfig, database }).connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      const dropper = new pg.Client(this.baseConfig);
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await dropper.end();
    };
    return adapter;
  }
}

/** SQL that takes a database built from the checked-in migrations to schema.prisma; "" when they agree. */
export async function diffMigrationsToSchema(databaseUrl: string, schemaText = readFileSync(SCHEMA_PATH, "utf8")): Promise<string> {
  await loadWasm();
  const panics: string[] = [];
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
    set_message: (message: string) => panics.push(message),
  };
  const factory = bindMigrationAwareSqlAdapterFactory(new ShadowSafePg(pgConfigFromUrl(databaseUrl)));
  const engine = await wasmBindings.SchemaEngine.new({ datamodels: [["schema.prisma", schemaText]] }, () => undefined, factory);
  try {
    const result = await engine.diff({
      from: {
        tag: "migrations",
        baseDir: MIGRATIONS_DIR,
        lockfile: { path: "migration_lock.toml", content: LOCKFILE },
        shadowDbInitScript: "",
        migrationDirectories: readMigrations().map((m) => ({
          path: m.name,
          migrationFile: { path: "migration.sql", content: { tag: "ok", value: m.sql } },
        })),
      },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schemaText }] },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.exitCode === 2 ? (result.stdout ?? "") : "";
  } catch (error) {
    if (panics.length) throw new Error(`Prisma schema engine panicked: ${panics.join("\n")}`);
    throw error;
  } finally {
    engine.free();
  }
}

export const MIGRATION_LOCKFILE = LOCKFILE;
