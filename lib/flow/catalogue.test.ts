import { describe, expect, it } from "vitest";
import { callCostNanoUsd } from "../models/cost";
import { findModel } from "../models/registry";
import { countTokens } from "../models/simulator";
import { cancelsSlowerInputs, childFlowOf, definitionOf, executionPolicyOf, isDecisionNode, isToolCapable, runResultIds, startsOnFirstInput } from "./catalogue";
import { estimateFlow } from "./estimate";
import { flowGraphSchema } from "./graph";
import { makeEdge, makeGraph, makeNode } from "./graph-builder";
import { NODE_TYPES } from "./node-types/index";
import { ROUTER_ANSWER_TOKENS, routerSystemPrompt, type RouterData } from "./node-types/router";
import { validateForRun } from "./validate-for-run";

const model = (id: string) => {
  const found = findModel(id);
  if (!found) throw new Error(`no model ${id}`);
  return found;
};

describe("the node catalogue", () => {
  it("every entry parses its own defaults, has an icon, and lives in the graph's node union", () => {
    for (const type of NODE_TYPES) {
      const definition = definitionOf(type);
      expect(definition.icon, type).not.toBe("");
      const graph = makeGraph([makeNode(`${type}_1`, type)], []);
      expect(flowGraphSchema.safeParse(graph).success, type).toBe(true);
    }
  });

  it("answers the engine's questions from the definitions", () => {
    expect(NODE_TYPES.filter(isToolCapable).sort()).toEqual(["calculator", "code", "transform"]);
    const router = makeNode("r", "router");
    expect(executionPolicyOf(router)).toMatchObject({ callsModel: true, retry: { attempts: 3 }, timeoutMs: 120_000 });
    expect(executionPolicyOf(makeNode("r", "router", { fallbackModel: "gpt-4o-mini", fallbackCredentialId: "c" }))).toMatchObject({ fallback: { model: "gpt-4o-mini", credentialId: "c" } });
    // A node without settings tries once (a Delay parks on a time waitpoint: its handler returns at once).
    expect(executionPolicyOf(makeNode("d", "delay", { ms: 280_000 }))).toMatchObject({ callsModel: false, retry: { attempts: 1 } });
    expect(executionPolicyOf(makeNode("p", "prompt_template"))).toMatchObject({ callsModel: false, retry: { attempts: 1 } });
    expect(startsOnFirstInput(makeNode("m", "merge", { join: "any" }))).toBe(true);
    expect(startsOnFirstInput(makeNode("m", "merge", { join: "all" }))).toBe(false);
    expect(cancelsSlowerInputs(makeNode("m", "merge", { join: "first" }))).toBe(true);
    expect(cancelsSlowerInputs(makeNode("m", "merge", { join: "any" }))).toBe(false);
    expect(isDecisionNode("approval")).toBe(true);
    expect(isDecisionNode("agent")).toBe(false);
    expect(childFlowOf(makeNode("m", "map", { flowId: "f", itemInput: "row", maxItems: 9 }))).toEqual({ flowId: "f", itemInput: "row", maxRuns: 9 });
    expect([...runResultIds(makeGraph([makeNode("o", "output"), makeNode("a", "agent")], []))]).toEqual(["o"]);
  });

  it("checks a Router's fallback model like an Agent's", () => {
    const graph = makeGraph([makeNode("r", "router", { text: "hi", fallbackModel: "gpt-4o" }), makeNode("o", "output")], [makeEdge("r", "o", "billing")]);
    expect(validateForRun(graph).map((p) => p.message)).toContain("Pick a credential for the fallback OpenAI GPT-4o");
  });
});

describe("the run estimate", () => {
  it("is at least the worst case of a Router with retries and a fallback model", () => {
    const topic = "a customer asks why the invoice shows a double charge ".repeat(8);
    const routes: RouterData["routes"] = [
      { id: "billing", description: "invoices" },
      { id: "other", description: "anything else" },
    ];
    const execution = { timeoutMs: 30_000, onFailure: "fail" as const, retry: { attempts: 4, initialDelayMs: 100, maxDelayMs: 1_000, on: ["timeout" as const, "rate_limit" as const, "server_error" as const] } };
    const router = makeNode("router_1", "router", { model: "gpt-4o", credentialId: "k", fallbackModel: "claude-sonnet-4", fallbackCredentialId: "k2", text: "{{input.topic}}", routes, execution });
    const graph = makeGraph([makeNode("input_1", "input"), router], [makeEdge("input_1", "router_1")]);
    const estimate = estimateFlow(graph, { inputs: { topic } });

    // The worst run: every attempt's call fails after billing the whole prompt and answer, then the fallback is billed too.
    const tokensIn = countTokens(`${routerSystemPrompt(routes)}\n\n${topic}`);
    const perAttempt = callCostNanoUsd(model("gpt-4o"), tokensIn, ROUTER_ANSWER_TOKENS) + callCostNanoUsd(model("claude-sonnet-4"), tokensIn, ROUTER_ANSWER_TOKENS);
    expect(estimate.maxNanoUsd).toBeGreaterThanOrEqual(4 * perAttempt);
    expect(estimate.perNode).toEqual([expect.objectContaining({ nodeId: "router_1", calls: 8 })]);
    // Dropping the fallback and the retries lowers it: both were counted.
    const single = estimateFlow(makeGraph([{ ...router, data: { ...router.data, fallbackModel: "", execution: { ...execution, retry: { ...execution.retry, attempts: 1 } } } } as typeof router], []), { inputs: { topic } });
    expect(single.maxNanoUsd).toBeLessThan(estimate.maxNanoUsd / 4);
  });

  it("counts an agent's tool steps at up to the context window, and unknown upstream lengths up to it too", () => {
    const agent = makeNode("agent_1", "agent", { model: "gpt-4o-mini", credentialId: "k", userPrompt: "Use {{code_1.output}}", maxTokens: 100 });
    const graph = makeGraph([makeNode("code_1", "code"), makeNode("calc", "calculator"), agent], [makeEdge("code_1", "agent_1"), makeEdge("calc", "agent_1", "tool", "tools")]);
    const [node] = estimateFlow(graph, { inputs: {} }).perNode;
    const mini = model("gpt-4o-mini");
    expect(node?.tokensIn).toBe(mini.contextTokens);
    expect(node?.maxNanoUsd).toBe(3 * 5 * callCostNanoUsd(mini, mini.contextTokens, 100));
    expect(node?.notes.join(" ")).toMatch(/context window.*5 model steps.*3 attempts/);
  });

  it("estimates child flows from the child (× Map items), and says so when it cannot", () => {
    const child = makeGraph([makeNode("agent_1", "agent", { userPrompt: "Hi", execution: { ...executionPolicyOf(makeNode("a", "agent")), retry: { attempts: 1, initialDelayMs: 0, maxDelayMs: 0, on: [] } } })], []);
    const childCost = estimateFlow(child, { inputs: null }).maxNanoUsd;
    const parent = makeGraph([makeNode("map_1", "map", { flowId: "child", maxItems: 7 }), makeNode("sub_1", "subflow", { flowId: "missing" })], []);
    const estimate = estimateFlow(parent, { inputs: {}, childEstimate: (id) => (id === "child" ? estimateFlow(child, { inputs: null }) : null) });
    expect(childCost).toBeGreaterThan(0);
    expect(estimate.maxNanoUsd).toBe(7 * childCost);
    expect(estimate.excludes).toEqual(["sub-flows"]);
  });
});
