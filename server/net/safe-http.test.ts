import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POLICY, parseNetworkPolicy } from "./ip-policy";
import { retryAfterMs, safeHttpRequest, type Resolver } from "./safe-http";

let server: http.Server;
let port = 0;
const hits: string[] = [];
const headersSeen: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    headersSeen.push(req.headers);
    const to = new URL(req.url ?? "/", "http://x").searchParams.get("to");
    if (to) {
      res.writeHead(302, { location: to.replace("PORT", String(port)) });
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ secret: "internal data", path: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// DNS names cannot exist offline; this resolver stands in for what a public DNS would answer.
const fakeDns: Resolver = async (host) => {
  const table: Record<string, string> = { "evil.test": "127.0.0.1", "public.test": "127.0.0.1", "meta.test": "169.254.169.254" };
  const address = table[host];
  if (!address) throw new Error(`ENOTFOUND ${host}`);
  return [{ address, family: 4 }];
};

function get(url: string, policy = DEFAULT_POLICY) {
  return safeHttpRequest({ method: "GET", url, headers: {}, signal: AbortSignal.timeout(3_000), policy, resolve: fakeDns });
}

describe("SSRF guard", () => {
  it.each([
    ["loopback", () => `http://127.0.0.1:${port}/`],
    ["10/8", () => "http://10.0.0.1/"],
    ["172.16/12", () => "http://172.16.0.1/"],
    ["192.168/16", () => "http://192.168.0.1/"],
    ["cloud metadata", () => "http://169.254.169.254/latest/meta-data/"],
    ["IPv6 loopback", () => `http://[::1]:${port}/`],
    ["IPv6 unique local fc00::/7", () => "http://[fc00::1]/"],
    ["IPv4-mapped IPv6 loopback", () => `http://[::ffff:127.0.0.1]:${port}/`],
  ])("refuses %s", async (_name, url) => {
    const before = hits.length;
    await expect(get(url())).rejects.toThrow(/^Blocked: /);
    expect(hits.length).toBe(before);
  });

  it("refuses a DNS name that resolves to a loopback address, before connecting", async () => {
    const before = hits.length;
    await expect(get(`http://evil.test:${port}/`)).rejects.toThrow("Blocked: evil.test resolves to 127.0.0.1 is a loopback address");
    await expect(get("http://meta.test/")).rejects.toThrow("linkLocal");
    expect(hits.length).toBe(before);
  });

  it("refuses localhost through the system resolver", async () => {
    await expect(safeHttpRequest({ method: "GET", url: `http://localhost:${port}/`, headers: {}, signal: AbortSignal.timeout(3_000), policy: DEFAULT_POLICY })).rejects.toThrow(
      /^Blocked: localhost resolves to/,
    );
  });

  it("refuses a redirect to a private address, checking every hop", async () => {
    const allowPublic = parseNetworkPolicy("public.test");
    expect((await get(`http://public.test:${port}/ok`, allowPublic)).status).toBe(200);
    const before = hits.length;
    await expect(get(`http://public.test:${port}/r?to=http://127.0.0.1:PORT/secret`, allowPublic)).rejects.toThrow("loopback");
    await expect(get(`http://public.test:${port}/r?to=http://evil.test:PORT/secret`, allowPublic)).rejects.toThrow("Blocked: evil.test resolves to");
    await expect(get(`http://public.test:${port}/r?to=http://169.254.169.254/`, allowPublic)).rejects.toThrow("linkLocal");
    // Only the redirecting requests reached the server; the private targets never did.
    expect(hits.slice(before).every((h) => h.startsWith("/r?"))).toBe(true);
  });

  it("refuses other protocols", async () => {
    await expect(get("file:///etc/passwd")).rejects.toThrow("only http and https");
  });

  it("a redirect to another origin keeps only safe headers and drops credential query parameters", async () => {
    const policy = parseNetworkPolicy("public.test,127.0.0.1");
    const res = await safeHttpRequest({
      method: "GET",
      url: `http://public.test:${port}/r?to=${encodeURIComponent("http://127.0.0.1:PORT/final?api_key=k1&keep=1")}`,
      headers: { Authorization: "Bearer t", Cookie: "a=b", "X-Api-Key": "k2", "X-Custom": "c", Accept: "text/plain", "Idempotency-Key": "i" },
      signal: AbortSignal.timeout(3_000),
      policy,
      resolve: fakeDns,
      secretQueryParams: ["api_key"],
    });
    expect(JSON.parse(res.body.toString())).toMatchObject({ path: "/final?keep=1" });
    const landed = headersSeen.at(-1)!;
    expect(Object.keys(landed).filter((k) => !["host", "connection"].includes(k)).sort()).toEqual(["accept", "idempotency-key"]);
  });

  it("a same-origin redirect keeps every header", async () => {
    const policy = parseNetworkPolicy("127.0.0.1");
    await safeHttpRequest({ method: "GET", url: `http://127.0.0.1:${port}/r?to=/same`, headers: { "x-api-key": "k" }, signal: AbortSignal.timeout(3_000), policy, resolve: fakeDns });
    expect(headersSeen.at(-1)!["x-api-key"]).toBe("k");
  });

  it("follows allowed redirects and lets self-hosters allow addresses", async () => {
    const policy = parseNetworkPolicy("127.0.0.1");
    const res = await get(`http://127.0.0.1:${port}/r?to=/final`, policy);
    expect(res.status).toBe(200);
    expect(res.redirects).toBe(1);
    expect(JSON.parse(res.body.toString())).toMatchObject({ path: "/final" });
  });
});

describe("Retry-After", () => {
  it("reads seconds and dates", () => {
    expect(retryAfterMs("3")).toBe(3_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs("soon")).toBeUndefined();
  });
});
