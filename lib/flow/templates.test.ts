import { describe, expect, it } from "vitest";
import { sampleGraph } from "./sample-graph";
import { formatPath, parseReference, renderTemplate, scanTemplate, templateReferences } from "./templates";
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

describe("the template scanner", () => {
  // The regular expression the scanner replaced; it is only run here, on short strings.
  const FORMER = /\{\{\s*([^{}]*?)\s*\}\}/g;
  const former = (t: string) => [...t.matchAll(FORMER)].map((m) => ({ start: m.index, end: m.index + m[0].length, raw: m[1] ?? "" }));

  it("finds what the former regular expression found", () => {
    const cases = ["", "{{", "}}", "{{}}", "{{ }}", "{{{a}}}", "{{a}}}", "{{a}", "{ {a}}", "{{a {b}} {{c}}", "{{ a\n.b }}x{{ c }}", "{{{{a}}}}", "a {{ b }} {{", "{{\u00a0x\u2003}}"];
    for (const t of cases) expect(scanTemplate(t), JSON.stringify(t)).toEqual(former(t));
  });

  it("agrees with it on random strings of braces, spaces and letters", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ["{", "}", " ", "a", ".", "\n"];
    for (let n = 0; n < 3000; n++) {
      const t = Array.from({ length: Math.floor(random() * 24) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      expect(scanTemplate(t), JSON.stringify(t)).toEqual(former(t));
    }
  });

  it("leaves unfinished and brace-filled braces as they are when rendering", () => {
    const scope = { inputs: { a: "A" }, outputs: {} };
    expect(renderTemplate("{{ {{input.a}} }} {{input.a} {{", scope)).toBe("{{ A }} {{input.a} {{");
  });
});

describe("paths into JSON", () => {
  it("parses keys, indexes and quoted keys", () => {
    expect(parseReference("agent_1.output.items[0].title")).toEqual({ kind: "node", nodeId: "agent_1", raw: "agent_1.output.items[0].title", path: ["items", 0, "title"] });
    expect(parseReference('node.output["key with space"]')).toEqual({ kind: "node", nodeId: "node", raw: 'node.output["key with space"]', path: ["key with space"] });
    expect(parseReference("node.output['it\\'s']")).toMatchObject({ kind: "node", path: ["it's"] });
    expect(parseReference("input.name.first")).toEqual({ kind: "input", field: "name", raw: "input.name.first", path: ["first"] });
    expect(parseReference("input.output")).toEqual({ kind: "input", field: "output", raw: "input.output" });
  });

  it("rejects malformed paths", () => {
    for (const raw of ["agent_1.output.", "agent_1.output..a", "agent_1.output[", "agent_1.output[01]", "agent_1.output[-1]", "agent_1.output[a]", 'agent_1.output["a"', "agent_1.output .a", "agent_1.result.a", "agent_1.output[99999999999999999999]"]) {
      expect(parseReference(raw).kind, raw).toBe("invalid");
    }
  });

  it("formats paths back the way they are written", () => {
    expect(formatPath(["items", 0, "title", "key with space", "__proto__"])).toBe('.items[0].title["key with space"].__proto__');
  });

  const scope = {
    inputs: { name: '{"first":"Ada","tags":["x"]}', plain: "hello" },
    outputs: { agent_1: '{"items":[{"title":"First"}],"n":3,"empty":null}', input_1: { name: "Ada" }, obj: { "key with space": 1, nested: { deep: [1, 2] } } },
  };

  it("renders values inside objects, lists and JSON text", () => {
    expect(renderTemplate("{{agent_1.output.items[0].title}} {{agent_1.output.n}} {{input.name.first}} {{input.name.tags}}", scope)).toBe('First 3 Ada ["x"]');
    expect(renderTemplate('{{obj.output["key with space"]}} {{obj.output.nested.deep[1]}} {{input_1.output.name}} [{{agent_1.output.empty}}]', scope)).toBe("1 2 Ada []");
  });

  it("names the reference and what is there when the path is missing", () => {
    expect(() => renderTemplate("{{agent_1.output.items[1].title}}", scope)).toThrow("{{agent_1.output.items[1].title}}: agent_1.output.items has no [1] (it is a list of 1 item)");
    expect(() => renderTemplate("{{agent_1.output.titel}}", scope)).toThrow("{{agent_1.output.titel}}: agent_1.output has no titel (it is an object with items, n, empty)");
    expect(() => renderTemplate("{{input.plain.x}}", scope)).toThrow("{{input.plain.x}}: input.plain has no x (it is text, not JSON)");
    expect(() => renderTemplate("{{agent_1.output.n.x}}", scope)).toThrow("agent_1.output.n has no x (it is a number)");
  });

  it("reads only own properties, never inherited ones", () => {
    for (const member of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      expect(() => renderTemplate(`{{input_1.output.${member}}}`, scope), member).toThrow(`input_1.output has no ${member}`);
      expect(() => renderTemplate(`{{agent_1.output.items.${member}}}`, scope), member).toThrow(`agent_1.output.items has no ${member}`);
    }
    expect(() => renderTemplate("{{agent_1.output.items.length}}", scope)).toThrow("has no length");
    const own = JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":"c"}') as unknown;
    expect(renderTemplate("{{x.output.__proto__.polluted}} {{x.output.constructor}}", { inputs: {}, outputs: { x: own } })).toBe("yes c");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("lets run inputs be called constructor, toString or __proto__", () => {
    const inputs = JSON.parse('{"constructor":"C","toString":"T","__proto__":"P"}') as Record<string, string>;
    expect(renderTemplate("{{input.constructor}} {{input.toString}} {{input.__proto__}}", { inputs, outputs: {} })).toBe("C T P");
    expect(() => renderTemplate("{{input.constructor}}", { inputs: {}, outputs: {} })).toThrow("Unknown reference {{input.constructor}}");
    expect(() => renderTemplate("{{input.__proto__}}", { inputs: {}, outputs: {} })).toThrow("Unknown reference {{input.__proto__}}");
  });
});

describe("validating paths before a run", () => {
  function withJsonAgent(schema: unknown, prompt: string) {
    const g = sampleGraph();
    const agent = g.nodes.find((n) => n.type === "agent");
    if (agent?.type !== "agent") throw new Error("sample has an agent");
    agent.data.outputFormat = "json";
    agent.data.outputSchema = JSON.stringify(schema);
    const output = g.nodes.find((n) => n.type === "output");
    if (output?.type !== "output") throw new Error("sample has an output");
    output.data.value = prompt;
    return g;
  }
  const schema = { type: "object", properties: { items: { type: "array", items: { type: "object", properties: { title: { type: "string" } } } } }, required: ["items"] };

  it("accepts a path the output schema declares", () => {
    expect(validateForRun(withJsonAgent(schema, "{{agent_1.output.items[0].title}} {{input_1.output.topic}}"))).toEqual([]);
  });

  it("names a path the schema does not have, with a did-you-mean", () => {
    expect(validateForRun(withJsonAgent(schema, "{{agent_1.output.itmes[0].title}} {{input_1.output.topc}}"))).toEqual([
      { nodeId: "output_1", message: "value: {{agent_1.output.itmes[0].title}}: agent_1.output has no \"itmes\" in its output schema. Did you mean {{agent_1.output.items[0].title}}?" },
      { nodeId: "output_1", message: "value: {{input_1.output.topc}}: input_1.output has no \"topc\" in its output schema. Did you mean {{input_1.output.topic}}?" },
    ]);
  });

  it("leaves paths into text outputs to the run", () => {
    const g = sampleGraph();
    const output = g.nodes.find((n) => n.type === "output");
    if (output?.type !== "output") throw new Error("sample has an output");
    output.data.value = "{{agent_1.output.anything[3]}}";
    expect(validateForRun(g)).toEqual([]);
  });

  it("resolves inputs named like Object members as their own values", () => {
    const g = sampleGraph();
    const input = g.nodes.find((n) => n.type === "input");
    if (input?.type !== "input") throw new Error("sample has an input");
    input.data.fields = ["constructor", "toString", "__proto__"].map((name) => ({ name, label: name, required: true, defaultValue: "" }));
    expect(resolveRunInputs(g, {})).toEqual({ ok: false, missing: ["constructor", "toString", "__proto__"] });
    const given = JSON.parse('{"constructor":"C","toString":"T","__proto__":"P"}') as Record<string, string>;
    const resolved = resolveRunInputs(g, given);
    if (!resolved.ok) throw new Error("all given");
    expect(Object.hasOwn(resolved.inputs, "__proto__")).toBe(true);
    expect(renderTemplate("{{input.constructor}} {{input.toString}} {{input.__proto__}}", { inputs: resolved.inputs, outputs: {} })).toBe("C T P");
  });
});
