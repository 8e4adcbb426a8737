import { describe, expect, it } from "vitest";
import { makeEdge, makeGraph, makeNode } from "@/lib/flow/graph-builder";
import { referenceScope, templateIssues } from "@/lib/flow/reference-scope";
import { renderTemplate } from "@/lib/flow/templates";
import { resolveRunInputs, validateForRun } from "@/lib/flow/validate-for-run";

/**
 * Attack: references whose path or name is an Object member (`__proto__`, `constructor`,
 * `toString`, `hasOwnProperty`) to read inherited members (functions, Object.prototype) into a
 * prompt or an HTTP body, or to make the lookup misbehave (a `constructor` run input that was not
 * given crashed run.start with "trim is not a function").
 * Containment: only own properties of JSON objects and indexes of lists are read; such a path
 * is a clear "has no" error; run inputs with those names are ordinary values; nothing is written
 * to any prototype.
 */
const MEMBERS = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype"];

describe("template paths read own properties only", () => {
  const outputs = { agent_1: { items: [{ title: "t" }] }, text_1: '{"a":{"b":1}}' };

  it.each(MEMBERS)("{{agent_1.output.%s}} and deeper paths through it are refused", (member) => {
    for (const template of [`{{agent_1.output.${member}}}`, `{{agent_1.output.items.${member}}}`, `{{agent_1.output.${member}.constructor.name}}`, `{{text_1.output.a.${member}}}`, `{{agent_1.output["${member}"]}}`]) {
      expect(() => renderTemplate(template, { inputs: {}, outputs }), template).toThrow("has no");
    }
  });

  it("rendering never writes to a prototype", () => {
    const hostile = JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}') as unknown;
    expect(renderTemplate("{{x.output.__proto__.polluted}} {{x.output.constructor.prototype.polluted}}", { inputs: {}, outputs: { x: hostile } })).toBe("yes yes");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });
});

describe("run inputs named like Object members", () => {
  const graph = makeGraph(
    [makeNode("input_1", "input", { fields: MEMBERS.filter((m) => m !== "prototype").map((name) => ({ name, label: name, required: false, defaultValue: `default ${name}` })) }), makeNode("output_1", "output", { value: "{{input.__proto__}}|{{input.constructor}}|{{input.toString}}" })],
    [makeEdge("input_1", "output_1")],
  );

  it("validate, take their defaults when not given, and render as their own values", () => {
    expect(validateForRun(graph)).toEqual([]);
    expect(templateIssues("{{input.__proto__}} {{input.constructor}} {{input.toString}}", referenceScope(graph, "output_1"))).toEqual([]);
    const resolved = resolveRunInputs(graph, {});
    if (!resolved.ok) throw new Error(`missing ${resolved.missing.join(", ")}`);
    expect(renderTemplate("{{input.__proto__}}|{{input.constructor}}|{{input.toString}}", { inputs: resolved.inputs, outputs: {} })).toBe("default __proto__|default constructor|default toString");
    // As they arrive from the database (JSON), and when given.
    const stored = JSON.parse(JSON.stringify(resolveRunInputs(graph, JSON.parse('{"__proto__":"P","constructor":"C","toString":"T"}') as Record<string, string>))) as { inputs: Record<string, string> };
    expect(renderTemplate("{{input.__proto__}}|{{input.constructor}}|{{input.toString}}", { inputs: stored.inputs, outputs: {} })).toBe("P|C|T");
  });

  it("an undeclared Object member is an unknown reference, not an inherited function", () => {
    expect(() => renderTemplate("{{input.constructor}}", { inputs: {}, outputs: {} })).toThrow("Unknown reference {{input.constructor}}");
    expect(() => renderTemplate("{{input.toString}}", { inputs: { topic: "x" }, outputs: {} })).toThrow("Unknown reference {{input.toString}}");
  });
});
