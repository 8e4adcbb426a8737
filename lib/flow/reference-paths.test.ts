import { describe, expect, it } from "vitest";
import { makeNode } from "./graph-builder";
import { knownOutputSchema, schemaPathProblem, schemaPaths } from "./reference-paths";

const schema = {
  type: "object",
  properties: {
    title: { type: "string" },
    items: { type: "array", items: { type: "object", properties: { name: { type: "string" }, score: { type: "number" } } } },
    meta: { type: "object", additionalProperties: true },
    pair: { type: "array", prefixItems: [{ type: "string" }, { type: "object", properties: { x: { type: "number" } } }] },
    either: { anyOf: [{ type: "string" }, { type: "object" }] },
  },
};

describe("paths checked against an output schema", () => {
  it("accepts declared paths and what the schema leaves open", () => {
    for (const path of [["title"], ["items"], ["items", 0, "name"], ["items", 7, "score"], ["meta", "anything", "deeper"], ["pair", 1, "x"], ["either", "x"]]) {
      expect(schemaPathProblem(schema, path, "agent_1.output"), JSON.stringify(path)).toBeNull();
    }
  });

  it("names what is missing or of the wrong kind, with a did-you-mean", () => {
    expect(schemaPathProblem(schema, ["titel"], "a.output")).toBe('a.output has no "titel" in its output schema. Did you mean {{a.output.title}}?');
    expect(schemaPathProblem(schema, ["items", 0, "nmae"], "a.output")).toBe('a.output.items[0] has no "nmae" in its output schema. Did you mean {{a.output.items[0].name}}?');
    expect(schemaPathProblem(schema, ["zzzzzz"], "a.output")).toBe('a.output has no "zzzzzz" in its output schema. It has title, items, meta, pair, either.');
    expect(schemaPathProblem(schema, ["items", "name"], "a.output")).toBe('a.output.items is a list, so it has no "name". Pick an item first, e.g. {{a.output.items[0].name}}.');
    expect(schemaPathProblem(schema, ["title", 0], "a.output")).toBe("a.output.title is text, not a list, so it has no [0].");
    expect(schemaPathProblem(schema, ["title", "x"], "a.output")).toBe('a.output.title is text, so it has no "x".');
  });

  it("does not treat inherited members as declared properties", () => {
    expect(schemaPathProblem(schema, ["constructor"], "a.output")).toContain('has no "constructor"');
    expect(schemaPathProblem(schema, ["__proto__"], "a.output")).toContain('has no "__proto__"');
    expect(schemaPathProblem(JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}}}') as Record<string, unknown>, ["__proto__"], "a.output")).toBeNull();
  });

  it("lists declared paths for suggestions, shallow first and bounded", () => {
    expect(schemaPaths(schema)).toEqual([["title"], ["items"], ["meta"], ["pair"], ["either"], ["items", 0], ["pair", 0], ["items", 0, "name"], ["items", 0, "score"]]);
    const wide = { type: "object", properties: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, { type: "object", properties: { a: { type: "string" } } }])) };
    expect(schemaPaths(wide)).toHaveLength(30);
  });

  it("knows an Input's fields and an Agent's JSON schema, and nothing else", () => {
    expect(schemaPathProblem(knownOutputSchema(makeNode("input_1", "input")) ?? {}, ["topc"], "input_1.output")).toContain("Did you mean {{input_1.output.topic}}?");
    const agent = makeNode("agent_1", "agent");
    expect(knownOutputSchema(agent)).toBeNull();
    if (agent.type !== "agent") throw new Error("an agent");
    agent.data.outputFormat = "json";
    agent.data.outputSchema = JSON.stringify(schema);
    expect(knownOutputSchema(agent)).toEqual(schema);
    agent.data.outputSchema = "{ not json";
    expect(knownOutputSchema(agent)).toBeNull();
  });
});
