import { describe, expect, it } from "vitest";
import { sampleGraph } from "./sample-graph";
import { renderTemplate, templateReferences } from "./templates";
import { resolveRunInputs, validateForRun } from "./validate-for-run";

describe("template references", () => {
  it("parses input and node references", () => {
    expect(templateReferences("About {{ input.topic }} after {{agent_1.output}} and {{ nonsense }}")).toEqual([
      { kind: "input", field: "topic", raw: "input.topic" },
      { kind: "node", nodeId: "agent_1", raw: "agent_1.output" },
      { kind: "invalid", raw: "nonsense" },
    ]);
  });

  it("renders values, JSON-encoding non-strings", () => {
    const scope = { inputs: { topic: "bees" }, outputs: { agent_1: "buzz", input_1: { topic: "bees" } } };
    expect(renderTemplate("{{input.topic}}: {{agent_1.output}} {{ input_1.output }}", scope)).toBe('bees: buzz {"topic":"bees"}');
  });

  it("throws on a reference the scope cannot satisfy", () => {
    expect(() => renderTemplate("{{input.missing}}", { inputs: {}, outputs: {} })).toThrow("Unknown reference {{input.missing}}");
  });
});

describe("validation before a run", () => {
  it("finds nothing wrong with the sample flow", () => {
    expect(validateForRun(sampleGraph())).toEqual([]);
  });

  it("attaches unknown and non-upstream references to their node", () => {
    const g = sampleGraph();
    const agent = g.nodes.find((n) => n.type === "agent");
    if (agent?.type !== "agent") throw new Error("sample has an agent");
    agent.data.userPrompt = "{{input.colour}} {{output_1.output}} {{ghost.output}}";
    expect(validateForRun(g)).toEqual([
      { nodeId: "agent_1", message: "userPrompt: unknown run input {{input.colour}}" },
      { nodeId: "agent_1", message: "userPrompt: output_1 is not upstream of agent_1; connect it first" },
      { nodeId: "agent_1", message: "userPrompt: unknown node {{ghost.output}}" },
    ]);
  });

  it("names a cycle", () => {
    const g = sampleGraph();
    g.nodes.push({ ...structuredClone(g.nodes[1]!), id: "agent_2" });
    g.edges.push({ id: "e3", source: "agent_1", sourceHandle: "out", target: "agent_2", targetHandle: "in" });
    g.edges.push({ id: "e4", source: "agent_2", sourceHandle: "out", target: "agent_1", targetHandle: "in" });
    expect(validateForRun(g).map((p) => p.message)).toContain("Cycle: agent_1 → agent_2 → agent_1. Loops need a loop node.");
  });

  it("reports an unconnected output and an unknown model", () => {
    const g = sampleGraph();
    g.edges = g.edges.slice(0, 1);
    const agent = g.nodes[1];
    if (agent?.type === "agent") agent.data.model = "gpt-nine";
    expect(validateForRun(g)).toEqual([
      { nodeId: "agent_1", message: 'Unknown model "gpt-nine"' },
      { nodeId: "output_1", message: "Nothing is connected to this Output" },
    ]);
  });

  it("applies input defaults and names missing required inputs", () => {
    const g = sampleGraph();
    expect(resolveRunInputs(g, {})).toEqual({ ok: false, missing: ["topic"] });
    expect(resolveRunInputs(g, { topic: "owls", extra: "ignored" })).toEqual({ ok: true, inputs: { topic: "owls" } });
  });
});
