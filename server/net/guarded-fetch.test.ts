import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGuardedFetch } from "./guarded-fetch";
import { DEFAULT_POLICY, parseNetworkPolicy } from "./ip-policy";
import type { Resolver } from "./safe-http";

let server: http.Server;
let origin = "";
const hits: { url: string; body: string; headers: http.IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      hits.push({ url: req.url ?? "", body, headers: req.headers });
      if (req.url === "/endless") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        const write = () => {
          while (!res.destroyed && res.write("data: more\n\n".repeat(100)));
          if (!res.destroyed) res.once("drain", write);
        };
        return write();
      }
      if (req.url === "/to-metadata") return void res.writeHead(302, { location: "http://169.254.169.254/" }).end();
      res.writeHead(201, { "content-type": "application/json", "set-cookie": ["a=1", "b=2"] }).end(JSON.stringify({ got: body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const fakeDns: Resolver = async (host) => {
  if (host === "rebound.test") return [{ address: "127.0.0.1", family: 4 }];
  throw new Error(`ENOTFOUND ${host}`);
};
const allowLocal = parseNetworkPolicy("127.0.0.1");

describe("guarded fetch (what model providers are called with)", () => {
  it("refuses loopback, a name resolving to it, and metadata, without connecting", async () => {
    const guarded = createGuardedFetch({ policy: DEFAULT_POLICY, maxBytes: 1_000, resolve: fakeDns });
    const before = hits.length;
    await expect(guarded(`${origin}/v1/chat/completions`, { method: "POST", body: "{}" })).rejects.toThrow(/^Blocked: .*loopback/);
    await expect(guarded(`${origin.replace("127.0.0.1", "rebound.test")}/v1`)).rejects.toThrow("Blocked: rebound.test resolves to 127.0.0.1");
    await expect(guarded("http://[::ffff:7f00:1]/")).rejects.toThrow(/^Blocked: /);
    await expect(guarded("http://169.254.169.254/latest/meta-data/")).rejects.toThrow("linkLocal");
    expect(hits.length).toBe(before);
  });

  it("checks redirects too", async () => {
    const guarded = createGuardedFetch({ policy: allowLocal, maxBytes: 1_000, resolve: fakeDns });
    await expect(guarded(`${origin}/to-metadata`)).rejects.toThrow("linkLocal");
  });

  it("speaks fetch: method, headers and body out; status, headers and body back", async () => {
    const guarded = createGuardedFetch({ policy: allowLocal, maxBytes: 10_000, resolve: fakeDns });
    const res = await guarded(new URL(`${origin}/echo`), { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer k" }, body: '{"x":1}' });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ got: '{"x":1}' });
    expect(hits.at(-1)!.headers.authorization).toBe("Bearer k");
  });

  it("fails the body stream once it passes the cap", async () => {
    const guarded = createGuardedFetch({ policy: allowLocal, maxBytes: 50_000, what: "The model's reply", resolve: fakeDns });
    const res = await guarded(`${origin}/endless`);
    await expect(res.text()).rejects.toThrow("The model's reply exceeded 50 kB; stopped reading");
  });
});
