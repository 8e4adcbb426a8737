import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { createTestApp, type TestApp } from "../integration/support/app";

// Postgres refuses NUL in text and jsonb and lone surrogates in jsonb. Before the sanitizer, any of
// these in a node's result failed its commit and left the node "running" and the run unfinished.
let app: TestApp;
let user: Awaited<ReturnType<TestApp["newUser"]>>;
let thirdParty: Server;
let thirdPartyUrl = "";
beforeAll(async () => {
  thirdParty = createServer((_req, res) => res.end('{"name":"bad\\u0000actor","half":"\\ud83d"}\u0000trailing'));
  await new Promise<void>((resolve) => thirdParty.listen(0, "127.0.0.1", resolve));
  thirdPartyUrl = `http://127.0.0.1:${(thirdParty.address() as AddressInfo).port}/data`;
  app = await createTestApp({ worker: true, workerEnv: { HTTP_ALLOWED_HOSTS: "127.0.0.1" } });
  user = await app.newUser("Wedger");
});
afterAll(async () => {
  await app?.close();
  await new Promise((r) => thirdParty.close(r));
});

async function finish(g: FlowGraph) {
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "wedge" });
  await user.caller.flow.save({ flowId: flow.id, graph: g });
  const { runId } = await user.caller.run.start({ flowId: flow.id });
  const status = await app.waitForRun(runId, 20_000);
  const detail = await user.caller.run.get({ runId });
  return { status, detail, nodes: Object.fromEntries(detail.nodeRuns.map((n) => [n.nodeId, n])) };
}

const codeFlow = (code: string) =>
  graph([node("input_1", "input", { fields: [] }), node("js", "code", { code, timeoutMs: 2_000, memoryMb: 32 }), node("out", "output")], [edge("input_1", "js"), edge("js", "out")]);

describe("no node output can wedge its run", () => {
  it.each([
    ["a NUL character", "return 'a\\u0000b';", "ab"],
    ["a lone surrogate", "return 'x\\ud83d';", "x\ufffd"],
    ["a NUL in a key", "return { ['k\\u0000ey']: 1 };", { key: 1 }],
    ["a __proto__ key", "return JSON.parse('{\"__proto__\": {\"polluted\": true}, \"ok\": 1}');", { ok: 1 }],
  ])("a Code node returning %s succeeds, stored cleaned", async (_what, code, expected) => {
    const { status, nodes } = await finish(codeFlow(code));
    expect(status).toBe("succeeded");
    expect(nodes.js!.status).toBe("succeeded");
    if (typeof expected === "string") expect(nodes.js!.output).toBe(expected);
    else expect(nodes.js!.output).toMatchObject(expected);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("an emoji cut in half by the 2,000-character event preview does not stop the run", async () => {
    const { status, detail } = await finish(codeFlow("return 'a'.repeat(1999) + '\\u{1F600}' + ' and more';"));
    expect(status).toBe("succeeded");
    const event = (await user.caller.run.log({ runId: detail.id })).events.find((e) => e.type === "node.succeeded" && e.nodeId === "js");
    expect(event).toBeDefined();
  });

  it("a third party's response with NULs and half an emoji is stored and the run goes on", async () => {
    const g = graph([node("input_1", "input", { fields: [] }), node("http_1", "http_request", { method: "GET", url: thirdPartyUrl }), node("out", "output")], [
      edge("input_1", "http_1"),
      edge("http_1", "out"),
    ]);
    const { status, nodes } = await finish(g);
    expect(status).toBe("succeeded");
    const body = (nodes.http_1!.output as { body: string }).body;
    expect(body).not.toContain("\u0000");
    expect(body.endsWith("}trailing")).toBe(true);
  });
});
