import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import { dataDir } from "./data-dir";

const DEFAULT_PORT = 6379;
const OWN_PORT = Number(process.env.ORCHESTRA_EMBEDDED_REDIS_PORT ?? 6390);

function answers(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (buf) => done(buf.toString().startsWith("+PONG")));
  });
}

export interface LocalRedis {
  url: string;
  process: ChildProcess | null;
}

/** Redis on 127.0.0.1:6379 if one answers, else our own redis-server (append-only), else a clear error. */
export async function ensureLocalRedis(log: (line: string) => void): Promise<LocalRedis> {
  if (await answers(DEFAULT_PORT)) return { url: `redis://127.0.0.1:${DEFAULT_PORT}`, process: null };
  if (await answers(OWN_PORT)) return { url: `redis://127.0.0.1:${OWN_PORT}`, process: null };
  const which = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  const binary = which.stdout.trim();
  if (!binary) {
    throw new Error(
      "No Redis found. Orchestra's queues need Redis 6.2 or newer. Either install it " +
        "(Debian/Ubuntu: `sudo apt-get install redis-server`, macOS: `brew install redis`) and run the start command again, " +
        "or set REDIS_URL=redis://host:port to use an existing server.",
    );
  }
  log(`Starting redis-server on 127.0.0.1:${OWN_PORT} (data in .orchestra/redis) ...`);
  const child = spawn(binary, ["--bind", "127.0.0.1", "--port", String(OWN_PORT), "--dir", dataDir("redis"), "--appendonly", "yes", "--save", ""], {
    stdio: "ignore",
  });
  for (let i = 0; i < 50; i++) {
    if (await answers(OWN_PORT)) return { url: `redis://127.0.0.1:${OWN_PORT}`, process: child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`redis-server did not answer on port ${OWN_PORT}`);
}
