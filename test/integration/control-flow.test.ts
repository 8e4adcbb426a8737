import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { createTestApp, type TestApp } from "./support/app";

let app: TestApp;
let user: Awaited<ReturnType<TestApp["newUser"]>>;
beforeAll(async () => {
  app = await createTestApp({ worker: true });
  user = await app.newUser("Flow");
});
afterAll(async () => {
  await app?.close();
});

async function run(g: FlowGraph, inputs: Record<string, string>) {
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "control" });
  await user.caller.flow.save({ flowId: flow.id, graph: g });
  const { runId } = await user.caller.run.start({ flowId: flow.id, inputs });
  const status = await app.waitForRun(runId);
  const detail = await user.caller.run.get({ runId });
  const nodes = Object.fromEntries(detail.nodeRuns.map((n) => [n.nodeId, n]));
  return { status, detail, nodes };
}

const fast = { latencyMs: 20, failWith: "", failFirst: 0, failKind: "rate_limit" as const, failureRate: 0 };

function branching(): FlowGraph {
  return graph(
    [
      node("input_1", "input", { fields: [{ name: "mood", label: "", required: true, defaultValue: "" }] }),
      node("check", "condition", { rules: [{ left: "{{input.mood}}", operator: "contains", right: "happy", caseSensitive: false }] }),
      node("cheer", "prompt_template", { template: "Yay, {{input.mood}}!" }),
      node("console", "prompt_template", { template: "There there, {{input.mood}}." }),
      node("join", "merge", { join: "all" }),
      node("out", "output"),
    ],
    [edge("input_1", "check"), edge("check", "cheer", "true"), edge("check", "console", "false"), edge("cheer", "join"), edge("console", "join"), edge("join", "out")],
  );
}

describe("control flow through a real worker", () => {
  it("a condition runs the taken branch and skips the other; the merge still runs", async () => {
    const happy = await run(branching(), { mood: "Very HAPPY today" });
    expect(happy.status).toBe("succeeded");
    expect(happy.nodes.check).toMatchObject({ status: "succeeded", takenHandles: ["true"] });
    expect(happy.nodes.cheer).toMatchObject({ status: "succeeded", output: "Yay, Very HAPPY today!" });
    expect(happy.nodes.console).toMatchObject({ status: "skipped" });
    expect(happy.nodes.join!.output).toEqual(["Yay, Very HAPPY today!"]);
    expect(happy.detail.outputs).toEqual({ out: ["Yay, Very HAPPY today!"] });

    const sad = await run(branching(), { mood: "grumpy" });
    expect(sad.nodes.cheer!.status).toBe("skipped");
    expect(sad.detail.outputs).toEqual({ out: ["There there, grumpy."] });
    const skippedEvents = await app.db.runEvent.count({ where: { runId: sad.detail.id, type: "node.skipped", nodeId: "cheer" } });
    expect(skippedEvents).toBe(1);
  });

  it("a node after a skipped branch alone is skipped too, and the run still succeeds", async () => {
    const g = graph(
      [node("check", "condition", { rules: [{ left: "a", operator: "equals", right: "b", caseSensitive: false }] }), node("then", "prompt_template"), node("out", "output")],
      [edge("check", "then", "true"), edge("then", "out")],
    );
    g.nodes[1] = node("then", "prompt_template", { template: "never" });
    const result = await run(g, {});
    expect(result.status).toBe("succeeded");
    expect(result.nodes.then!.status).toBe("skipped");
    expect(result.nodes.out!.status).toBe("skipped");
    expect(result.detail.outputs).toEqual({});
  });

  it("a failing agent with a connected error port sends the error down it and the run succeeds", async () => {
    const g = graph(
      [
        node("agent_1", "agent", { userPrompt: "hi", simulator: { ...fast, failWith: "model overloaded" } }),
        node("ok", "output"),
        node("fallback", "prompt_template", { template: "Sorry: {{agent_1.output}}" }),
        node("apology", "output"),
      ],
      [edge("agent_1", "ok"), edge("agent_1", "fallback", "error"), edge("fallback", "apology")],
    );
    const result = await run(g, {});
    expect(result.status).toBe("succeeded");
    expect(result.nodes.agent_1).toMatchObject({ status: "failed", error: "Simulator: model overloaded", takenHandles: ["error"] });
    expect(result.nodes.ok!.status).toBe("skipped");
    const apology = (result.detail.outputs as Record<string, string>).apology ?? "";
    expect(apology.startsWith("Sorry: ")).toBe(true);
    expect(JSON.parse(apology.slice("Sorry: ".length))).toEqual({ error: "Simulator: model overloaded", kind: "other" });
  });

  it("an unhandled failure fails the run and cancels the parallel branch still waiting", async () => {
    const g = graph(
      [
        node("input_1", "input", { fields: [] }),
        node("boom", "agent", { userPrompt: "x", simulator: { ...fast, failWith: "nope" } }),
        node("slow", "delay", { ms: 3_000 }),
        node("after_slow", "output"),
      ],
      [edge("input_1", "boom"), edge("input_1", "slow"), edge("slow", "after_slow")],
    );
    const result = await run(g, {});
    expect(result.status).toBe("failed");
    expect(result.nodes.slow!.status).toBe("cancelled");
    expect(result.nodes.after_slow).toBeUndefined();
  });

  it("a merge with join any continues with the first branch and ignores the later one", async () => {
    const g = graph(
      [
        node("input_1", "input", { fields: [] }),
        node("quick", "prompt_template", { template: "quick" }),
        node("slow", "delay", { ms: 500 }),
        node("first", "merge", { join: "any" }),
        node("out", "output"),
      ],
      [edge("input_1", "quick"), edge("input_1", "slow"), edge("quick", "first"), edge("slow", "first"), edge("first", "out")],
    );
    const result = await run(g, {});
    expect(result.status).toBe("succeeded");
    expect(result.detail.outputs).toEqual({ out: "quick" });
    expect(result.nodes.slow!.status).toBe("succeeded");
    expect(await app.db.nodeRun.count({ where: { runId: result.detail.id, nodeId: "first" } })).toBe(1);
  });

  it("the calculator evaluates templated math and refuses code-defining functions", async () => {
    const g = graph(
      [
        node("input_1", "input", { fields: [{ name: "price", label: "", required: true, defaultValue: "" }] }),
        node("calc", "calculator", { expression: "round({{input.price}} * 1.2, 2)" }),
        node("out", "output"),
      ],
      [edge("input_1", "calc"), edge("calc", "out")],
    );
    expect((await run(g, { price: "10.55" })).detail.outputs).toEqual({ out: 12.66 });
    g.nodes[1] = node("calc", "calculator", { expression: 'evaluate("1+1")' });
    const refused = await run(g, { price: "1" });
    expect(refused.status).toBe("failed");
    expect(refused.nodes.calc!.error).toContain("evaluate is not available in the Calculator");
  });

  it("the code node computes in its sandbox inside the worker; escapes and runaway loops fail only that node", async () => {
    const g = (code: string) =>
      graph(
        [node("input_1", "input", { fields: [{ name: "text", label: "", required: true, defaultValue: "" }] }), node("js", "code", { code, timeoutMs: 300 }), node("out", "output")],
        [edge("input_1", "js"), edge("js", "out")],
      );
    const ok = await run(g("return { words: input.text.split(' ').length, upstream: nodes.input_1.output.text };"), { text: "one two three" });
    expect(ok.detail.outputs).toEqual({ out: { words: 3, upstream: "one two three" } });
    const escape = await run(g("return require('fs').readFileSync('/etc/passwd', 'utf8');"), { text: "x" });
    expect(escape.status).toBe("failed");
    expect(escape.nodes.js!.error).toMatch(/^Code failed: ReferenceError: .*require/);
    const loop = await run(g("while (true) {}"), { text: "x" });
    expect(loop.nodes.js!.error).toBe("Code ran longer than 300 ms and was stopped");
  });

  it("a merge with join first wins the race: the losing branch is cancelled, unrelated branches carry on", async () => {
    const g = graph(
      [
        node("input_1", "input", { fields: [] }),
        node("quick", "prompt_template", { template: "quick" }),
        node("slow", "delay", { ms: 5_000 }),
        node("race", "merge", { join: "first" }),
        node("winner", "output"),
        node("side", "delay", { ms: 600 }),
        node("side_out", "output", { value: "side done" }),
      ],
      [edge("input_1", "quick"), edge("input_1", "slow"), edge("quick", "race"), edge("slow", "race"), edge("race", "winner"), edge("input_1", "side"), edge("side", "side_out")],
    );
    const result = await run(g, {});
    expect(result.status).toBe("succeeded");
    expect(result.detail.outputs).toEqual({ winner: "quick", side_out: "side done" });
    expect(result.nodes.slow).toMatchObject({ status: "cancelled", error: "Lost the race to race" });
    expect(result.nodes.side!.status).toBe("succeeded");
  });
});
