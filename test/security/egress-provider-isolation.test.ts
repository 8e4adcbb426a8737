import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EXECUTION } from "@/lib/flow/execution-settings";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { ProviderHealth } from "@/server/engine/models/provider-health";
import { FAKE_KEY, startFakeLlm, type FakeLlm } from "../support/fake-llm-server";
import { createTestApp, type TestApp } from "../integration/support/app";
import { TEST_REDIS_URL } from "../integration/support/services";

/**
 * Two tenants with their own keys for the same endpoint: one tenant's exhausted quota (429s) or
 * failing model must not hold or trip the other's calls, and neither sees the other's circuits.
 */
let app: TestApp;
let llm: FakeLlm;
type User = Awaited<ReturnType<TestApp["newUser"]>>;
let tenantA: User;
let tenantB: User;
let credA = "";
let credB = "";
/** Tenant A's second key (the first is held by its 429 gate after the first test). */
let credA2 = "";
beforeAll(async () => {
  llm = await startFakeLlm();
  app = await createTestApp({ worker: true, workerEnv: { HTTP_ALLOWED_HOSTS: "127.0.0.1", CIRCUIT_FAILURE_THRESHOLD: "2" } });
  tenantA = await app.newUser("TenantA");
  tenantB = await app.newUser("TenantB");
  const create = (u: User, name = "shared endpoint") => u.caller.credential.create({ workspaceId: u.workspaceId, name, provider: "openai-compatible", baseUrl: `${llm.url}/v1`, apiKey: FAKE_KEY });
  credA = (await create(tenantA)).id;
  credA2 = (await create(tenantA, "second key")).id;
  credB = (await create(tenantB)).id;
}, 120_000);
afterAll(async () => {
  await app?.close();
  await llm?.close();
});

const once = { ...DEFAULT_EXECUTION, retry: { ...DEFAULT_EXECUTION.retry, attempts: 1 } };

async function runAgent(user: User, credentialId: string, customModel: string) {
  const g = graph([node("agent_1", "agent", { model: "openai-compatible", credentialId, customModel, userPrompt: "hi", execution: once }), node("out", "output")], [edge("agent_1", "out")]);
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "tenant" });
  await user.caller.flow.save({ flowId: flow.id, graph: g });
  const { runId } = await user.caller.run.start({ flowId: flow.id });
  const status = await app.waitForRun(runId);
  const agent = (await user.caller.run.get({ runId })).nodeRuns.find((n) => n.nodeId === "agent_1")!;
  return { status, agent };
}

describe("provider health is per credential", () => {
  it("tenant A's 429 (Retry-After: 10 minutes) does not hold tenant B's call on its own credential", async () => {
    const limited = await runAgent(tenantA, credA, "limited-for-10-minutes");
    expect(limited.status).toBe("failed");
    expect(limited.agent.error).toContain("Provider answered 429");
    // Tenant A's own next call is held by its gate, without reaching the provider.
    const callsBefore = llm.requests.length;
    const heldA = await runAgent(tenantA, credA, "a-second-model");
    expect(heldA.agent.error).toMatch(/rate-limiting this credential/);
    expect(llm.requests.length).toBe(callsBefore);

    const b = await runAgent(tenantB, credB, "b-model");
    expect(b.status).toBe("succeeded");
    expect(b.agent).toMatchObject({ attempt: 1, output: "Hello from b-model." });
  });

  it("tenant A's failing model opens only A's circuit; B's calls go through and B's status lists nothing of A's", async () => {
    for (let i = 0; i < 2; i++) expect((await runAgent(tenantA, credA2, "broken-model")).agent.error).toContain("Provider answered 500");
    expect((await runAgent(tenantA, credA2, "broken-model")).agent.error).toMatch(/^Circuit open for /);

    const before = llm.requests.filter((r) => r.body.model === "broken-model").length;
    expect((await runAgent(tenantB, credB, "broken-model")).agent.error).toContain("Provider answered 500");
    expect(llm.requests.filter((r) => r.body.model === "broken-model").length).toBe(before + 1);

    const statusA = await tenantA.caller.credential.providerStatus({ workspaceId: tenantA.workspaceId });
    expect(statusA).toEqual([expect.objectContaining({ credentialId: credA2, model: "broken-model", state: "open", failures: 2 })]);
    const statusB = await tenantB.caller.credential.providerStatus({ workspaceId: tenantB.workspaceId });
    expect(statusB).toEqual([expect.objectContaining({ credentialId: credB, model: "broken-model", state: "closed", failures: 1 })]);
  });

  it("the status API reads each credential's index, never walking the keyspace (no KEYS, no SCAN)", async () => {
    const redis = new Redis(TEST_REDIS_URL);
    const commands: string[] = [];
    const recording = new Proxy(redis, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          commands.push(String(prop).toLowerCase());
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    try {
      const health = new ProviderHealth(recording, app.prefix, { failureThreshold: 2, cooldownMs: 30_000 });
      expect(await health.circuitsOf([credA2])).toEqual([expect.objectContaining({ model: "broken-model", state: "open" })]);
      expect(commands.some((c) => c === "keys" || c.startsWith("scan"))).toBe(false);
    } finally {
      redis.disconnect();
    }
  });
});
