import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_GRAPH_BYTES } from "@/lib/flow/graph";
import { sampleGraph } from "@/lib/flow/sample-graph";
import { createTestApp, type TestApp } from "./support/app";
import { rejection } from "./support/trpc-outcome";

let app: TestApp;
let user: Awaited<ReturnType<TestApp["newUser"]>>;
let flowId: string;

beforeAll(async () => {
  app = await createTestApp({ worker: false });
  user = await app.newUser("Careful");
  flowId = (await user.caller.flow.create({ workspaceId: user.workspaceId, name: "Good flow" })).id;
  await user.caller.flow.save({ flowId, graph: sampleGraph() });
});
afterAll(async () => {
  await app?.close();
});

describe("saving a malformed graph", () => {
  const good = sampleGraph();
  const cases: [string, unknown, string][] = [
    ["wrong types", { ...good, nodes: good.nodes.map((n) => ({ ...n, position: { x: "left", y: 0 } })) }, "nodes.0.position.x"],
    ["an edge to a missing node", { ...good, edges: [...good.edges, { id: "e9", source: "agent_1", sourceHandle: "out", target: "ghost", targetHandle: "in" }] }, 'ends at missing node "ghost"'],
    ["not a graph at all", "DROP TABLE flows", "The graph is invalid"],
    ["an unknown schema version", { ...good, schemaVersion: 7 }, "schemaVersion"],
    [
      "an oversized payload",
      { ...good, nodes: good.nodes.map((n) => (n.type === "agent" ? { ...n, data: { ...n.data, padding: "x".repeat(MAX_GRAPH_BYTES) } } : n)) },
      "too large",
    ],
  ];

  it.each(cases)("rejects %s with a clear BAD_REQUEST and keeps the previous version", async (_name, graph, message) => {
    const error = await rejection(user.caller.flow.save({ flowId, graph }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain(message);
    const flow = await user.caller.flow.get({ flowId });
    expect(flow.version).toBe(1);
    expect(flow.graph).toEqual(sampleGraph());
    expect(await app.db.flowVersion.count({ where: { flowId } })).toBe(1);
  });

  it("rejects a stale save instead of overwriting a newer version", async () => {
    const error = await rejection(user.caller.flow.save({ flowId, graph: sampleGraph(), baseVersion: 0 }));
    expect(error.code).toBe("CONFLICT");
    expect(await app.db.flowVersion.count({ where: { flowId } })).toBe(1);
  });

  it("rejects an empty flow name and a duplicate sign-up", async () => {
    expect((await rejection(user.caller.flow.rename({ flowId, name: "   " }))).code).toBe("BAD_REQUEST");
    const anonymous = app.callerFor(null);
    await anonymous.auth.signUp({ name: "Twin", email: "twin@example.test", password: "long enough pw" });
    const dup = await rejection(anonymous.auth.signUp({ name: "Twin", email: "TWIN@example.test", password: "long enough pw" }));
    expect(dup.code).toBe("CONFLICT");
    expect(dup.message).toBe("An account with this email already exists");
  });
});
