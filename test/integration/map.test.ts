import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { createTestApp, type TestApp } from "./support/app";

let app: TestApp;
let user: Awaited<ReturnType<TestApp["newUser"]>>;
let perItem = "";
beforeAll(async () => {
  app = await createTestApp({ worker: true, workerEnv: { WORKER_CONCURRENCY: "16" } });
  user = await app.newUser("Mapper");
  perItem = await save(
    graph(
      [
        node("input_1", "input", { fields: [{ name: "item", label: "", required: true, defaultValue: "" }] }),
        node("check", "condition", { rules: [{ left: "{{input.item}}", operator: "equals", right: "poison", caseSensitive: false }] }),
        node("boom", "agent", { userPrompt: "x", simulator: { latencyMs: 0, failWith: "poisoned item", failFirst: 0, failKind: "rate_limit", failureRate: 0 } }),
        node("wait", "delay", { ms: 300 }),
        node("shout", "prompt_template", { template: "Item: {{input.item}}" }),
        node("result", "output", { value: "{{shout.output}}" }),
      ],
      [edge("input_1", "check"), edge("check", "boom", "true"), edge("check", "wait", "false"), edge("wait", "shout"), edge("shout", "result")],
    ),
  );
});
afterAll(async () => {
  await app?.close();
});

async function save(g: FlowGraph) {
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "m" });
  await user.caller.flow.save({ flowId: flow.id, graph: g });
  return flow.id;
}

function mapper(list: string, extra: Record<string, unknown> = {}) {
  return graph(
    [node("input_1", "input", { fields: [{ name: "list", label: "", required: true, defaultValue: "" }] }), node("each", "map", { flowId: perItem, items: "{{input.list}}", concurrency: 2, ...extra }), node("out", "output")],
    [edge("input_1", "each"), edge("each", "out")],
  );
}

describe("loop / map", () => {
  it("runs the flow once per item, at most `concurrency` at a time, and keeps list order", async () => {
    const { runId } = await user.caller.run.start({ flowId: await save(mapper("")), inputs: { list: '["a","b","c","d","e"]' } });
    expect(await app.waitForRun(runId, 20_000)).toBe("succeeded");
    expect((await user.caller.run.get({ runId })).outputs).toEqual({ out: ["a", "b", "c", "d", "e"].map((x) => ({ result: `Item: ${x}` })) });
    const items = await app.db.run.findMany({ where: { parentRunId: runId }, select: { parentItemIndex: true, startedAt: true, finishedAt: true } });
    expect(items.map((i) => i.parentItemIndex).sort()).toEqual([0, 1, 2, 3, 4]);
    const overlapAt = (t: number) => items.filter((i) => i.startedAt!.getTime() <= t && t < i.finishedAt!.getTime()).length;
    const peak = Math.max(...items.map((i) => overlapAt(i.startedAt!.getTime())));
    expect(peak).toBe(2);
  });

  it("reads one item per line, enforces the item cap, and fails on a failing item", async () => {
    const lines = await user.caller.run.start({ flowId: await save(mapper("", { concurrency: 5 })), inputs: { list: "x\ny\n\nz" } });
    expect(await app.waitForRun(lines.runId, 20_000)).toBe("succeeded");
    expect(((await user.caller.run.get({ runId: lines.runId })).outputs as { out: unknown[] }).out).toHaveLength(3);

    const capped = await user.caller.run.start({ flowId: await save(mapper("", { maxItems: 2 })), inputs: { list: '["a","b","c"]' } });
    expect(await app.waitForRun(capped.runId)).toBe("failed");
    expect((await user.caller.run.get({ runId: capped.runId })).error).toBe("each: The list has 3 items; this Map allows at most 2");

    const poisoned = await user.caller.run.start({ flowId: await save(mapper("")), inputs: { list: '["ok","poison"]' } });
    expect(await app.waitForRun(poisoned.runId, 20_000)).toBe("failed");
    expect((await user.caller.run.get({ runId: poisoned.runId })).error).toBe("each: Item 1 failed: boom: Simulator: poisoned item");
  });
});
