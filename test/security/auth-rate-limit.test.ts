import { Redis } from "ioredis";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthLimits, type AuthLimits } from "@/server/auth/limits";
import { TooManyAttemptsError } from "@/server/security/rate-limit";
import { signIn, signUp } from "@/server/services/users";
import { createTestApp, type TestApp } from "../integration/support/app";
import { TEST_CREDENTIALS_KEYS, TEST_REDIS_URL } from "../integration/support/services";

const PASSWORD = "correct horse battery";

let app: TestApp;
let redis: Redis;
let limits: AuthLimits;
let trpcPost: (req: Request) => Promise<Response>;
let authPost: (req: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

beforeAll(async () => {
  app = await createTestApp({ worker: false });
  redis = new Redis(TEST_REDIS_URL);
  // The same limits, keys and Redis the web process's routes use (they read this environment).
  Object.assign(process.env, {
    DATABASE_URL: app.database.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: app.prefix,
    NEXTAUTH_SECRET: "security-tests-secret-0123456789abcdef",
    NEXTAUTH_URL: "http://localhost:3000",
    CREDENTIALS_KEYS: TEST_CREDENTIALS_KEYS,
    RATE_LIMIT_SIGN_UPS_PER_IP: "3",
  });
  limits = createAuthLimits(redis, app.prefix, { RATE_LIMIT_SIGN_IN_FAILURES: 10, RATE_LIMIT_SIGN_IN_PER_IP: 50, RATE_LIMIT_SIGN_UPS_PER_IP: 3 });
  ({ POST: trpcPost } = await import("@/app/api/trpc/[trpc]/route"));
  ({ POST: authPost } = await import("@/app/api/auth/[...nextauth]/route"));
});
afterAll(async () => {
  redis?.disconnect();
  await app?.close();
});

async function outcome(attempt: Promise<unknown>): Promise<"user" | "wrong" | "locked"> {
  try {
    return (await attempt) ? "user" : "wrong";
  } catch (error) {
    if (error instanceof TooManyAttemptsError) return "locked";
    throw error;
  }
}

describe("password guessing against one account", () => {
  it("the 11th wrong password in a minute is refused even with the right password; another account still signs in", async () => {
    const victim = await signUp(app.db, { name: "Victim", email: "victim@example.test", password: PASSWORD });
    const bystander = await signUp(app.db, { name: "Bystander", email: "bystander@example.test", password: PASSWORD });
    const ip = "203.0.113.7";
    for (let i = 0; i < 10; i++) expect(await outcome(signIn(app.db, limits, { email: victim.email, password: `guess ${i}`, ip }))).toBe("wrong");
    expect(await outcome(signIn(app.db, limits, { email: victim.email, password: PASSWORD, ip }))).toBe("locked");
    // Case and spaces do not make a new account key.
    expect(await outcome(signIn(app.db, limits, { email: " VICTIM@example.test", password: PASSWORD, ip: "198.51.100.1" }))).toBe("locked");
    expect(await outcome(signIn(app.db, limits, { email: bystander.email, password: PASSWORD, ip }))).toBe("user");

    // The sign-in route answers 429 with the message, in the shape NextAuth's client reads.
    const body = new URLSearchParams({ email: victim.email, password: PASSWORD, csrfToken: "x", json: "true" });
    const res = await authPost(
      new NextRequest("http://localhost:3000/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", host: "localhost:3000", "x-forwarded-for": ip },
        body: body.toString(),
      }),
      { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) },
    );
    expect(res.status).toBe(429);
    const error = new URL(((await res.json()) as { url: string }).url).searchParams.get("error");
    expect(error).toMatch(/^Too many attempts, try again in \d+ minutes?$/);
  });

  it("parallel guesses cannot slip past the limit", async () => {
    const target = await signUp(app.db, { name: "Target", email: "target@example.test", password: PASSWORD });
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => outcome(signIn(app.db, limits, { email: target.email, password: `guess ${i}`, ip: `192.0.2.${i}` }))));
    expect(results.filter((r) => r === "wrong")).toHaveLength(10);
    expect(results.filter((r) => r === "locked")).toHaveLength(15);
  });

  it("a success clears the account's count", async () => {
    const user = await signUp(app.db, { name: "Typo", email: "typo@example.test", password: PASSWORD });
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 9; i++) expect(await outcome(signIn(app.db, limits, { email: user.email, password: "typo", ip: "192.0.2.200" }))).toBe("wrong");
      expect(await outcome(signIn(app.db, limits, { email: user.email, password: PASSWORD, ip: "192.0.2.200" }))).toBe("user");
    }
  });
});

describe("sign-up flooding from one address", () => {
  const signUpRequest = (n: number, ip: string) =>
    new Request("http://localhost:3000/api/trpc/auth.signUp", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": ip },
      body: JSON.stringify({ json: { name: `Bot ${n}`, email: `bot${n}-${ip}@example.test`, password: PASSWORD } }),
    });

  it("is answered 429 past the limit, while another address can still sign up", async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 4; n++) statuses.push((await trpcPost(signUpRequest(n, "203.0.113.50"))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await trpcPost(signUpRequest(9, "203.0.113.50"));
    expect(JSON.stringify(await refused.json())).toContain("Too many attempts");
    expect((await trpcPost(signUpRequest(0, "203.0.113.51"))).status).toBe(200);
    expect(await app.db.user.count({ where: { email: { startsWith: "bot" } } })).toBe(4);
  });
});

describe("batches", () => {
  it("a batch of more than 50 calls is refused with a message", async () => {
    const paths = Array.from({ length: 51 }, () => "workspace.list").join(",");
    const res = await trpcPost(new Request(`http://localhost:3000/api/trpc/${paths}?batch=1`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("Batch call exceeds maximum size");
  });
});
