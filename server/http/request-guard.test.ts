import { describe, expect, it } from "vitest";
import { checkRequest, hostPolicy } from "./request-guard";

const policy = hostPolicy({ NEXTAUTH_URL: "https://orchestra.example.com", ALLOWED_HOSTS: "intranet.local, 10.0.0.5:3000" });
const get = (host: string | null) => checkRequest(policy, { method: "GET", host, origin: null, fetchSite: null });
const post = (host: string, origin: string | null, fetchSite: string | null = null) => checkRequest(policy, { method: "POST", host, origin, fetchSite });

describe("Host check", () => {
  it.each(["localhost:3000", "127.0.0.1:3000", "[::1]:3000", "v3.localhost:3000", "orchestra.example.com", "ORCHESTRA.example.com:443", "intranet.local:8080", "10.0.0.5:3000"])(
    "answers %s",
    (host) => expect(get(host)).toEqual({ ok: true }),
  );

  it.each(["evil.example", "evil.example:3000", "localhost.evil.example", "127.0.0.1.nip.io:3000", "0.0.0.0:3000", "", "a b"])("refuses %j with 421", (host) => {
    expect(get(host)).toMatchObject({ ok: false, status: 421 });
  });

  it("refuses a request without Host", () => expect(get(null)).toMatchObject({ ok: false, status: 421 }));
});

describe("Origin check on state-changing requests", () => {
  it("accepts the same origin, the public origin behind a proxy, and clients that send none", () => {
    expect(post("localhost:3000", "http://localhost:3000")).toEqual({ ok: true });
    expect(post("127.0.0.1:3000", "https://orchestra.example.com")).toEqual({ ok: true });
    expect(post("localhost:3000", null)).toEqual({ ok: true });
  });

  it.each([
    ["another site", "https://evil.example"],
    ["another local port", "http://localhost:8080"],
    ["an opaque origin", "null"],
    ["a non-web scheme", "file://"],
  ])("refuses %s with 403", (_name, origin) => {
    expect(post("localhost:3000", origin)).toMatchObject({ ok: false, status: 403 });
  });

  it("refuses a cross-site fetch without Origin, and lets safe methods through", () => {
    expect(post("localhost:3000", null, "cross-site")).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(policy, { method: "GET", host: "localhost:3000", origin: "https://evil.example", fetchSite: "cross-site" })).toEqual({ ok: true });
  });
});
