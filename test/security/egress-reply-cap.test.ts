import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EXECUTION } from "@/lib/flow/execution-settings";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import type { TestApp } from "../integration/support/app";
import { createLlmTestApp, type LlmTestApp } from "../integration/support/llm-app";

/**
 * A server a tenant points at (a model endpoint or an HTTP node's URL) that never stops sending:
 * the worker must stop reading at a cap and fail the node, not buffer until it runs out of memory.
 */
let setup: LlmTestApp;
let app: TestApp;
let endless: http.Server;
let endlessUrl = "";
let endlessClosed = 0;
beforeAll(async () => {
  endless = http.createServer((req, res) => {
    res.on("close", () => (endlessClosed += 1));
    res.writeHead(200, { "content-type": "text/plain" });
    const chunk = "x".repeat(16_384);
    const write = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once("drain", write);
    };
    write();
  });
  await new Promise<void>((resolve) => endless.listen(0, "127.0.0.1", resolve));
  endlessUrl = `http://127.0.0.1:${(endless.address() as AddressInfo).port}/stream`;
  setup = await createLlmTestApp("Capped", { MODEL_RESPONSE_MAX_BYTES: "200000", HTTP_RESPONSE_MAX_BYTES: "100000" });
  app = setup.app;
}, 120_000);
afterAll(async () => {
  await setup?.close();
  endless?.closeAllConnections();
  await new Promise<void>((resolve) => endless.close(() => resolve()));
});

// Generous: without a cap these nodes would only end at this timeout, with a different error.
const execution = { ...DEFAULT_EXECUTION, timeoutMs: 45_000, retry: { ...DEFAULT_EXECUTION.retry, attempts: 1 } };

async function run(g: FlowGraph, nodeId: string) {
  const { user } = setup;
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "cap" });
  await user.caller.flow.save({ flowId: flow.id, graph: g });
  const { runId } = await user.caller.run.start({ flowId: flow.id });
  const status = await app.waitForRun(runId, 55_000);
  return { status, node: (await user.caller.run.get({ runId })).nodeRuns.find((n) => n.nodeId === nodeId)! };
}

describe("replies that never end", () => {
  it("a model stream is cut at MODEL_RESPONSE_MAX_BYTES and the node fails saying so", async () => {
    const g = graph(
      [node("agent_1", "agent", { model: "openai-compatible", credentialId: setup.credentialId, customModel: "endless", userPrompt: "go", execution }), node("out", "output")],
      [edge("agent_1", "out")],
    );
    const { status, node: agent } = await run(g, "agent_1");
    expect(status).toBe("failed");
    expect(agent.error).toBe("The model's reply exceeded 200 kB; stopped reading");
  }, 60_000);

  it("an HTTP response is cut at HTTP_RESPONSE_MAX_BYTES and the connection closed", async () => {
    const before = endlessClosed;
    const g = graph([node("call", "http_request", { url: endlessUrl, execution }), node("out", "output")], [edge("call", "out")]);
    const { status, node: call } = await run(g, "call");
    expect(status).toBe("failed");
    expect(call.error).toBe("Response exceeded 100 kB; stopped reading");
    await expect.poll(() => endlessClosed, { timeout: 10_000 }).toBeGreaterThan(before);
  }, 60_000);
});
