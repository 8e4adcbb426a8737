import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EXECUTION } from "@/lib/flow/execution-settings";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { idempotencyKey } from "@/server/engine/idempotency";
import { startIdempotentSink, type IdempotentSink } from "../support/idempotent-sink";
import { createTestApp, type TestApp } from "./support/app";

let app: TestApp;
let sink: IdempotentSink;
let user: Awaited<ReturnType<TestApp["newUser"]>>;
beforeAll(async () => {
  sink = await startIdempotentSink();
  // As a self-hoster would: allow the local sink's address, nothing else private.
  app = await createTestApp({ worker: true, workerEnv: { HTTP_ALLOWED_HOSTS: "127.0.0.1" } });
  user = await app.newUser("Http");
});
afterAll(async () => {
  await app?.close();
  await sink?.close();
});

const execution = { ...DEFAULT_EXECUTION, timeoutMs: 5_000, retry: { ...DEFAULT_EXECUTION.retry, attempts: 3, initialDelayMs: 20, maxDelayMs: 100 } };

function call(url: string, extra: Partial<Parameters<typeof node<"http_request">>[2]> = {}): FlowGraph {
  return graph(
    [
      node("input_1", "input", { fields: [{ name: "item", label: "", required: true, defaultValue: "" }] }),
      node("call", "http_request", { url, execution, ...extra }),
      node("out", "output"),
    ],
    [edge("input_1", "call"), edge("call", "out")],
  );
}

async function run(g: FlowGraph, inputs: Record<string, string> = { item: "book" }) {
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "http" });
  await user.caller.flow.save({ flowId: flow.id, graph: g });
  const { runId } = await user.caller.run.start({ flowId: flow.id, inputs });
  const status = await app.waitForRun(runId);
  const detail = await user.caller.run.get({ runId });
  return { runId, status, detail, call: detail.nodeRuns.find((n) => n.nodeId === "call")! };
}

describe("HTTP request node", () => {
  it("sends a templated POST with headers and an Idempotency-Key, and returns the parsed response", async () => {
    const g = call(`${sink.url}/orders`, {
      method: "POST",
      headers: [{ name: "X-Item", value: "{{input.item}}" }],
      body: '{"item": "{{input.item}}", "qty": 2}',
    });
    const { status, call: c, runId } = await run(g);
    expect(status).toBe("succeeded");
    const key = idempotencyKey(runId, "call", 0);
    expect(c.output).toMatchObject({ status: 200, body: { key, method: "POST", path: "/orders", received: { item: "book", qty: 2 } } });
  });

  it("retries a 500 and a 429 with the same Idempotency-Key, so the effect happens once", async () => {
    for (const path of ["/flaky", "/limited"]) {
      const { status, call: c, runId } = await run(call(`${sink.url}${path}`, { method: "POST", body: "{}" }));
      expect(status).toBe("succeeded");
      expect(c.attempt).toBe(2);
      const key = idempotencyKey(runId, "call", 0);
      expect(sink.requests.get(key)).toBe(2);
      expect(sink.effects.get(key)).toBe(1);
    }
  });

  it("does not retry a 404 and reports it", async () => {
    const { status, call: c } = await run(call(`${sink.url}/missing`));
    expect(status).toBe("failed");
    expect(c).toMatchObject({ attempt: 1, error: "HTTP 404 Not Found: no such thing" });
  });

  it("blocks private addresses that are not allow-listed, without retrying", async () => {
    for (const url of ["http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://192.168.1.1/"]) {
      const { status, call: c } = await run(call(url));
      expect({ url, status, attempt: c.attempt, error: c.error?.slice(0, 8) }).toEqual({ url, status: "failed", attempt: 1, error: "Blocked:" });
    }
  });
});
