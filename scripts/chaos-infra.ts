// Infrastructure chaos (not a test): a soak of runs while Redis is killed and restarted empty and
// Postgres is restarted, on servers of its own (never the shared ones). Prints the crash test's
// JSON line; 0 lost runs and every process reconnecting by itself is the bar.
//   npm run chaos:infra -- --runs 300
// Needs Postgres server binaries (initdb, pg_ctl) and redis-server; run as root it starts
// Postgres as the `postgres` user.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const log = (msg: string) => console.error(`[infra] ${msg}`);

function pgBin(name: string): string {
  const found = spawnSync("sh", ["-c", `ls -d /usr/lib/postgresql/*/bin/${name} 2>/dev/null | sort -V | tail -1`], { encoding: "utf8" }).stdout.trim();
  if (!found) throw new Error(`${name} not found: install the Postgres server (apt-get install postgresql)`);
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const asPostgres = (command: string, args: string[]) => (process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args]) as [string, string[]];

const pgPort = await freePort();
const redisPort = await freePort();
const dataDir = mkdtempSync(path.join(tmpdir(), "orchestra-chaos-pg-"));
chmodSync(dataDir, 0o777);
const pgData = path.join(dataDir, "data");
if (process.getuid?.() === 0) execFileSync("chown", ["postgres", dataDir]);
execFileSync(...asPostgres(pgBin("initdb"), ["-D", pgData, "-A", "trust", "-U", "postgres", "--no-sync"]), { stdio: "ignore" });
const pgOptions = `-p ${pgPort} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
execFileSync(...asPostgres(pgBin("pg_ctl"), ["-D", pgData, "-o", pgOptions, "-w", "-l", path.join(dataDir, "pg.log"), "start"]), { stdio: "ignore" });
const redisArgs = ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "yes", "--dir", dataDir];
execFileSync("redis-server", redisArgs, { stdio: "ignore" });
log(`Postgres on ${pgPort}, Redis on ${redisPort}`);

const child = spawn(process.execPath, ["--import", "tsx", "scripts/chaos-worker-kill.ts", "--mode", "infra", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: {
    ...process.env,
    TEST_DATABASE_URL: `postgresql://postgres@127.0.0.1:${pgPort}/postgres`,
    TEST_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    // How the soak restarts them: Redis comes back empty, Postgres restarts (fast shutdown).
    CHAOS_RESTART_REDIS: JSON.stringify([["redis-cli", ["-p", String(redisPort), "shutdown", "nosave"]], ["redis-server", redisArgs]]),
    CHAOS_RESTART_POSTGRES: JSON.stringify([asPostgres(pgBin("pg_ctl"), ["-D", pgData, "-o", pgOptions, "-m", "fast", "-w", "-l", path.join(dataDir, "pg.log"), "restart"])]),
  },
});
const code: number = await new Promise((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
spawnSync("redis-cli", ["-p", String(redisPort), "shutdown", "nosave"], { stdio: "ignore" });
spawnSync(...asPostgres(pgBin("pg_ctl"), ["-D", pgData, "-m", "immediate", "stop"]), { stdio: "ignore" });
rmSync(dataDir, { recursive: true, force: true });
process.exit(code);
