import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EXECUTION } from "@/lib/flow/execution-settings";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { parseKeyRing, seal } from "@/server/security/secret-box";
import { createTestApp, type TestApp } from "../integration/support/app";
import { TEST_CREDENTIALS_KEYS } from "../integration/support/services";
import { rejection } from "../integration/support/trpc-outcome";

/**
 * A model credential's base URL is a URL a tenant chooses: the AI SDK's requests must go through
 * the same egress guard as the HTTP node, or a worker POSTs wherever the tenant points it (cloud
 * metadata, an admin API on the worker's network) and hands the answer back in the node's error.
 */
const INTERNAL_SECRET = "INTERNAL-ONLY-7f3a9c";
let internal: http.Server;
let internalUrl = "";
let port = 0;
let hits = 0;

let strict: TestApp;
let allowing: TestApp;
beforeAll(async () => {
  internal = http.createServer((req, res) => {
    hits += 1;
    req.resume();
    if (req.url?.includes("forbidden")) return void res.writeHead(403, { "content-type": "text/plain" }).end(`denied: ${INTERNAL_SECRET}`);
    if (req.url?.includes("html")) return void res.writeHead(200, { "content-type": "text/html" }).end(`<html>${INTERNAL_SECRET}</html>`);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ AccessKeyId: INTERNAL_SECRET }));
  });
  await new Promise<void>((resolve) => internal.listen(0, "127.0.0.1", resolve));
  port = (internal.address() as AddressInfo).port;
  internalUrl = `http://127.0.0.1:${port}`;
  strict = await createTestApp({ worker: true });
}, 120_000);
afterAll(async () => {
  await strict?.close();
  await allowing?.close();
  await new Promise<void>((resolve) => internal.close(() => resolve()));
});

const once = { ...DEFAULT_EXECUTION, retry: { ...DEFAULT_EXECUTION.retry, attempts: 1 } };

async function runAgent(app: TestApp, user: Awaited<ReturnType<TestApp["newUser"]>>, credentialId: string, model = "openai-compatible") {
  const g = graph(
    [node("agent_1", "agent", { model, credentialId, customModel: model === "openai-compatible" ? "m" : "", userPrompt: "hi", execution: once }), node("out", "output")],
    [edge("agent_1", "out")],
  );
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "ssrf" });
  await user.caller.flow.save({ flowId: flow.id, graph: g });
  const { runId } = await user.caller.run.start({ flowId: flow.id });
  const status = await app.waitForRun(runId);
  const agent = (await user.caller.run.get({ runId })).nodeRuns.find((n) => n.nodeId === "agent_1")!;
  return { status, error: agent.error ?? "" };
}

/** A credential row as an older version (or a name since rebound to a private address) would have left it. */
async function storeWithoutCheck(app: TestApp, workspaceId: string, userId: string, provider: string, baseUrl: string) {
  const name = `legacy-${provider}-${Math.random().toString(36).slice(2, 8)}`;
  const sealedKey = seal(parseKeyRing(TEST_CREDENTIALS_KEYS), "sk-anything", `credential:${workspaceId}:${name}`);
  return (await app.db.credential.create({ data: { workspaceId, name, provider, baseUrl, sealedKey, createdById: userId } })).id;
}

describe("SSRF through a model credential's base URL", () => {
  it.each([
    ["a loopback address", () => `${internalUrl}/v1`],
    ["a name that resolves to 127.0.0.1", () => `http://localhost:${port}/v1`],
    ["an IPv4-mapped IPv6 loopback", () => `http://[::ffff:127.0.0.1]:${port}/v1`],
    ["cloud metadata", () => "http://169.254.169.254/latest/meta-data"],
    ["a private range", () => "http://10.0.0.5/v1"],
  ])("refuses %s when the credential is created", async (_what, url) => {
    const user = await strict.newUser("Creator");
    const before = hits;
    const error = await rejection(user.caller.credential.create({ workspaceId: user.workspaceId, name: "evil", provider: "openai-compatible", baseUrl: url(), apiKey: "sk-x" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/^This base URL cannot be used: .*(loopback|linkLocal|private)/);
    expect(await strict.db.credential.count({ where: { workspaceId: user.workspaceId } })).toBe(0);
    expect(hits).toBe(before);
  });

  it("refuses at call time, after DNS, for every provider: the internal server is never reached", async () => {
    const user = await strict.newUser("Caller");
    const before = hits;
    for (const [provider, model, baseUrl] of [
      ["openai-compatible", "openai-compatible", `${internalUrl}/v1`],
      ["openai", "gpt-4o-mini", `http://localhost:${port}/v1`],
      ["anthropic", "claude-3-5-haiku", `http://[::1]:${port}/v1`],
      ["openai", "gpt-4o-mini", "http://169.254.169.254/latest"],
    ] as const) {
      const id = await storeWithoutCheck(strict, user.workspaceId, user.id, provider, baseUrl);
      const { status, error } = await runAgent(strict, user, id, model);
      expect({ baseUrl, status, error: error.slice(0, 8) }).toEqual({ baseUrl, status: "failed", error: "Blocked:" });
      expect(error).not.toContain(INTERNAL_SECRET);
    }
    expect(hits).toBe(before);
  });

  it("where a self-hoster allows the address, the node's error still never carries the internal answer", async () => {
    allowing = await createTestApp({ worker: true, workerEnv: { HTTP_ALLOWED_HOSTS: "127.0.0.1" } });
    const user = await allowing.newUser("SelfHoster");
    for (const path of ["/forbidden/v1", "/html/v1", "/json/v1"]) {
      const { id } = await user.caller.credential.create({ workspaceId: user.workspaceId, name: path, provider: "openai-compatible", baseUrl: `${internalUrl}${path}`, apiKey: "sk-x" });
      const before = hits;
      const { status, error } = await runAgent(allowing, user, id);
      expect(status).toBe("failed");
      expect(hits).toBeGreaterThan(before);
      expect(error).not.toContain(INTERNAL_SECRET);
    }
  });
});
