import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sampleGraph } from "@/lib/flow/sample-graph";
import { authOptions } from "@/server/auth/options";
import { requestUserId } from "@/server/auth/session";
import { revokeSessions } from "@/server/services/users";
import { createTestApp, type TestApp } from "../integration/support/app";
import { TEST_CREDENTIALS_KEYS, TEST_REDIS_URL } from "../integration/support/services";

const SECRET = "security-tests-secret-0123456789abcdef";

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({ worker: false });
  Object.assign(process.env, {
    DATABASE_URL: app.database.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: app.prefix,
    NEXTAUTH_SECRET: SECRET,
    NEXTAUTH_URL: "http://localhost:3000",
    CREDENTIALS_KEYS: TEST_CREDENTIALS_KEYS,
  });
});
afterAll(async () => {
  await app?.close();
});

/** A request carrying a session cookie as NextAuth issues it at sign-in. */
async function requestWithSession(claims: Record<string, unknown>): Promise<Request> {
  const token = await encode({ token: claims, secret: SECRET, maxAge: 7 * 24 * 60 * 60 });
  return new Request("http://localhost:3000/api/trpc/workspace.list", { headers: { cookie: `next-auth.session-token=${token}` } });
}

describe("signing out ends the session on the server", () => {
  it("a token captured before sign-out is refused afterwards", async () => {
    const user = await app.newUser("Leaver");
    const stolen = await requestWithSession({ sub: user.id, sv: 0 });
    expect(await requestUserId(app.db, stolen)).toBe(user.id);

    await authOptions.events?.signOut?.({ token: { sub: user.id, sv: 0 }, session: null as never });
    expect(await requestUserId(app.db, stolen)).toBeNull();
    // A fresh sign-in carries the new version and works.
    expect(await requestUserId(app.db, await requestWithSession({ sub: user.id, sv: 1 }))).toBe(user.id);
  });

  it("tokens without a session version (issued before versions existed) are refused", async () => {
    const user = await app.newUser("Legacy");
    expect(await requestUserId(app.db, await requestWithSession({ sub: user.id }))).toBeNull();
  });

  it("sessions last a week, not 30 days, and roll: a day-old session is re-issued on its next call", async () => {
    expect(authOptions.session?.maxAge).toBe(7 * 24 * 60 * 60);
    const { createWebContext } = await import("@/server/api/context");
    const user = await app.newUser("Roller");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() - 2 * 24 * 60 * 60 * 1000);
    const old = await requestWithSession({ sub: user.id, sv: 0 });
    vi.useRealTimers();
    const renewed = new Headers();
    expect((await createWebContext({ req: old, resHeaders: renewed })).userId).toBe(user.id);
    expect(renewed.get("set-cookie")).toMatch(/^next-auth\.session-token=[^;]+;.*Max-Age=604800/i);
    expect(renewed.get("set-cookie")).toMatch(/HttpOnly/i);

    const fresh = new Headers();
    expect((await createWebContext({ req: await requestWithSession({ sub: user.id, sv: 0 }), resHeaders: fresh })).userId).toBe(user.id);
    expect(fresh.get("set-cookie")).toBeNull();
  });
});

describe("live run events end when access ends", () => {
  async function liveRun() {
    const owner = await app.newUser("Owner");
    const flowId = (await owner.caller.flow.create({ workspaceId: owner.workspaceId, name: "Watched" })).id;
    await owner.caller.flow.save({ flowId, graph: sampleGraph() });
    // No worker: the run stays queued, so its stream stays open.
    const { runId } = await owner.caller.run.start({ flowId, inputs: { topic: "x" } });
    return { owner, runId };
  }

  async function nextOutcome(iterator: AsyncIterator<unknown>): Promise<string> {
    try {
      const step = await iterator.next();
      return step.done ? "done" : "event";
    } catch (error) {
      return `error: ${(error as { code?: string }).code ?? String(error)}`;
    }
  }

  it("removing a member's membership ends their open stream with an error", { timeout: 30_000 }, async () => {
    const { owner, runId } = await liveRun();
    const viewer = await app.newUser("Viewer");
    await app.db.membership.create({ data: { workspaceId: owner.workspaceId, userId: viewer.id, role: "viewer" } });
    const stream = await viewer.caller.run.events({ runId });
    const iterator = stream[Symbol.asyncIterator]();
    expect(await nextOutcome(iterator)).toBe("event");
    // Drain what is already logged; then the stream waits for news that never comes.
    const pending = (async () => {
      for (;;) {
        const outcome = await nextOutcome(iterator);
        if (outcome !== "event") return outcome;
      }
    })();
    await app.db.membership.deleteMany({ where: { workspaceId: owner.workspaceId, userId: viewer.id } });
    expect(await pending).toBe("error: UNAUTHORIZED");
  });

  it("signing out ends the user's open stream with an error", { timeout: 30_000 }, async () => {
    const { owner, runId } = await liveRun();
    const stream = await owner.caller.run.events({ runId });
    const iterator = stream[Symbol.asyncIterator]();
    expect(await nextOutcome(iterator)).toBe("event");
    const pending = (async () => {
      for (;;) {
        const outcome = await nextOutcome(iterator);
        if (outcome !== "event") return outcome;
      }
    })();
    await revokeSessions(app.db, owner.id);
    expect(await pending).toBe("error: UNAUTHORIZED");
  });
});
