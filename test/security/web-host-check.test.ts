import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { launcherEnvSchema } from "@/scripts/lib/launch";
import { TEST_CREDENTIALS_KEYS } from "../integration/support/services";

let proxy: (req: NextRequest) => Promise<Response>;

beforeAll(async () => {
  Object.assign(process.env, {
    DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/unused",
    REDIS_URL: "redis://127.0.0.1:6379",
    NEXTAUTH_SECRET: "security-tests-secret-0123456789abcdef",
    CREDENTIALS_KEYS: TEST_CREDENTIALS_KEYS,
    NEXTAUTH_URL: "http://localhost:3000",
    ALLOWED_HOSTS: "orchestra.intranet",
  });
  ({ proxy } = await import("@/proxy"));
});

function request(path: string, init: { method?: string; headers: Record<string, string> }) {
  return new NextRequest(`http://localhost:3000${path}`, { method: init.method ?? "GET", headers: init.headers });
}

describe("DNS rebinding: a page on evil.example whose name now points at 127.0.0.1", () => {
  it("is refused 421 for the API, sign-in and pages", async () => {
    for (const path of ["/api/trpc/workspace.list", "/api/auth/session", "/sign-in", "/flows"]) {
      const res = await proxy(request(path, { headers: { host: "evil.example:3000" } }));
      expect(res.status, path).toBe(421);
    }
  });

  it("while localhost, NEXTAUTH_URL's host and ALLOWED_HOSTS are served", async () => {
    for (const host of ["localhost:3000", "127.0.0.1:3000", "[::1]:3000", "orchestra.intranet"]) {
      const res = await proxy(request("/api/trpc/workspace.list", { headers: { host } }));
      expect(res.status, host).toBe(200);
      expect(res.headers.get("x-middleware-next"), host).toBe("1");
    }
  });
});

describe("cross-site state changes", () => {
  it("a POST from another origin is refused 403; from the app's own origin it passes", async () => {
    const evil = await proxy(request("/api/trpc/auth.signUp", { method: "POST", headers: { host: "localhost:3000", origin: "https://evil.example" } }));
    expect(evil.status).toBe(403);
    const own = await proxy(request("/api/trpc/auth.signUp", { method: "POST", headers: { host: "localhost:3000", origin: "http://localhost:3000" } }));
    expect(own.headers.get("x-middleware-next")).toBe("1");
  });
});

describe("npm start", () => {
  it("listens on loopback unless HOST says otherwise", () => {
    expect(launcherEnvSchema.parse({}).HOST).toBe("127.0.0.1");
    expect(launcherEnvSchema.parse({ HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
  });
});
