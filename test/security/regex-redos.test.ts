import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { createTestApp, type TestApp } from "../integration/support/app";

let app: TestApp;
let user: Awaited<ReturnType<TestApp["newUser"]>>;
beforeAll(async () => {
  app = await createTestApp({ worker: true });
  user = await app.newUser("Pattern");
});
afterAll(async () => {
  await app?.close();
});

// Exponential for a backtracking engine: it tries every way to split the a's before giving up.
const HOSTILE = "a".repeat(50_000) + "!";
const input = node("input_1", "input", { fields: [{ name: "text", label: "", required: true, defaultValue: "" }] });

async function run(g: FlowGraph, text: string) {
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "redos" });
  await user.caller.flow.save({ flowId: flow.id, graph: g });
  const { runId } = await user.caller.run.start({ flowId: flow.id, inputs: { text } });
  const status = await app.waitForRun(runId);
  const detail = await user.caller.run.get({ runId });
  return { status, nodes: Object.fromEntries(detail.nodeRuns.map((n) => [n.nodeId, n])) };
}

function conditionFlow(pattern: string): FlowGraph {
  return graph(
    [input, node("check", "condition", { rules: [{ left: "{{input.text}}", operator: "matches_regex", right: pattern, caseSensitive: true }] }), node("yes", "output"), node("no", "output")],
    [edge("input_1", "check"), edge("check", "yes", "true"), edge("check", "no", "false")],
  );
}

function agentFlow(pattern: string): FlowGraph {
  const schema = JSON.stringify({ type: "string", pattern });
  const simulator = { latencyMs: 0, failWith: "", failFirst: 0, failKind: "rate_limit" as const, failureRate: 0 };
  return graph([input, node("agent_1", "agent", { userPrompt: "{{input.text}}", outputFormat: "json", outputSchema: schema, simulator })], [edge("input_1", "agent_1")]);
}

describe("user regular expressions cannot stall a worker (ReDoS)", () => {
  it("a Condition's catastrophic pattern on a hostile input finishes with the right branch", async () => {
    const hostile = await run(conditionFlow("(a+)+$"), HOSTILE);
    expect(hostile.status).toBe("succeeded");
    expect(hostile.nodes.check!.takenHandles).toEqual(["false"]);
    expect(hostile.nodes.yes!.status).toBe("skipped");

    const matching = await run(conditionFlow("(a+)+$"), "a".repeat(50_000));
    expect(matching.nodes.check!.takenHandles).toEqual(["true"]);
  });

  it("a Condition pattern RE2 cannot express is refused, naming the limitation: before the run, or when its node runs", async () => {
    const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "backreference" });
    await user.caller.flow.save({ flowId: flow.id, graph: conditionFlow("(a)\\1") });
    await expect(user.caller.run.start({ flowId: flow.id, inputs: { text: "aa" } })).rejects.toThrow(/check: .*linear-time engine \(RE2\).*no backreferences/);

    const g = conditionFlow("{{input.text}}");
    const result = await run(g, "(a)\\1");
    expect(result.status).toBe("failed");
    expect(result.nodes.check!.error).toMatch(/linear-time engine \(RE2\).*no backreferences/);
  });

  it("an Agent output schema's catastrophic pattern is checked against a hostile reply and answered correctly", async () => {
    // The Simulator replies with words of the prompt: 50,000 a's, a space, 50,000 a's.
    const accepted = await run(agentFlow("(a+)+$"), HOSTILE);
    expect(accepted.status).toBe("succeeded");
    expect(accepted.nodes.agent_1!.output).toBe(`${"a".repeat(50_000)} ${"a".repeat(50_000)}`);

    const refused = await run(agentFlow("^(a+)+$"), HOSTILE);
    expect(refused.status).toBe("failed");
    expect(refused.nodes.agent_1!.error).toBe('The reply does not match the output schema: (root) must match pattern "^(a+)+$"');
  });

  it("an output schema pattern RE2 cannot express stops the run before it starts", async () => {
    const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "lookahead" });
    await user.caller.flow.save({ flowId: flow.id, graph: agentFlow("^(?=a)a$") });
    await expect(user.caller.run.start({ flowId: flow.id, inputs: { text: "a" } })).rejects.toThrow(/no lookahead or lookbehind/);
  });
});
