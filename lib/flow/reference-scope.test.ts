import { describe, expect, it } from "vitest";
import { makeEdge, makeGraph, makeNode } from "./graph-builder";
import { insertReference, matchReferences, openReferenceAt, referenceScope, templateIssues } from "./reference-scope";
import { sampleGraph } from "./sample-graph";

describe("reference scope", () => {
  it("offers run inputs and upstream outputs, with labels", () => {
    const scope = referenceScope(sampleGraph(), "output_1");
    expect(scope.options).toEqual([
      { ref: "input.topic", kind: "input", label: "Topic", detail: "Run input" },
      { ref: "agent_1.output", kind: "node", label: "Agent", detail: "Output of Agent" },
      { ref: "input_1.output", kind: "node", label: "Input", detail: "Output of Input" },
    ]);
  });

  it("leaves out nodes downstream and the node itself, and tool hand-overs", () => {
    const g = makeGraph(
      [makeNode("input_1", "input"), makeNode("calc_1", "calculator"), makeNode("agent_1", "agent"), makeNode("output_1", "output")],
      [makeEdge("input_1", "agent_1"), makeEdge("calc_1", "agent_1", "tool", "tools"), makeEdge("agent_1", "output_1")],
    );
    expect(referenceScope(g, "agent_1").options.map((o) => o.ref)).toEqual(["input.topic", "input_1.output"]);
  });

  it("flags unknown, invalid, self and not-upstream references once each", () => {
    const scope = referenceScope(sampleGraph(), "agent_1");
    const template = "{{input.topic}} {{input.tpic}} {{nope.output}} {{nope.output}} {{output_1.output}} {{agent_1.output}} {{ hello }}";
    expect(templateIssues(template, scope)).toEqual([
      { raw: "input.tpic", message: 'Unknown reference {{input.tpic}}: no run input is named "tpic". Did you mean {{input.topic}}?' },
      { raw: "nope.output", message: 'Unknown reference {{nope.output}}: there is no node "nope".' },
      { raw: "output_1.output", message: "{{output_1.output}}: output_1 is not upstream of this node; connect it first." },
      { raw: "agent_1.output", message: "{{agent_1.output}} is this node's own output; it can only use what arrives from upstream." },
      { raw: "hello", message: "{{hello}} is not a reference: use {{input.name}} or {{node_id.output}}." },
    ]);
  });
});

describe("autocompleting {{ references", () => {
  it("finds the unfinished reference before the caret", () => {
    expect(openReferenceAt("About {{", 8)).toEqual({ start: 6, query: "" });
    expect(openReferenceAt("About {{ inp", 12)).toEqual({ start: 6, query: "inp" });
    expect(openReferenceAt("About {{input.topic}} and", 25)).toBeNull();
    expect(openReferenceAt("About {{input.topic}}", 21)).toBeNull();
    expect(openReferenceAt("a {{b c", 7)).toBeNull();
    expect(openReferenceAt("no braces", 9)).toBeNull();
  });

  it("inserts the reference, replacing what was typed and an existing rest", () => {
    expect(insertReference("About {{inp", 11, { start: 6 }, "input.topic")).toEqual({ text: "About {{input.topic}}", caret: 21 });
    expect(insertReference("About {{in}} now", 10, { start: 6 }, "input.topic")).toEqual({ text: "About {{input.topic}} now", caret: 21 });
    expect(insertReference("{{ and more", 2, { start: 0 }, "agent_1.output")).toEqual({ text: "{{agent_1.output}} and more", caret: 18 });
  });

  it("ranks options that start with the query first", () => {
    const options = referenceScope(sampleGraph(), "output_1").options;
    expect(matchReferences(options, "").length).toBe(3);
    expect(matchReferences(options, "in").map((o) => o.ref)).toEqual(["input.topic", "input_1.output"]);
    expect(matchReferences(options, "output").map((o) => o.ref)).toEqual(["agent_1.output", "input_1.output"]);
    expect(matchReferences(options, "topic").map((o) => o.ref)).toEqual(["input.topic"]);
  });
});

describe("references with paths", () => {
  function jsonAgentGraph() {
    const schema = { type: "object", properties: { items: { type: "array", items: { type: "object", properties: { title: { type: "string" } } } } } };
    return makeGraph(
      [makeNode("input_1", "input"), makeNode("agent_1", "agent", { outputFormat: "json", outputSchema: JSON.stringify(schema) }), makeNode("output_1", "output")],
      [makeEdge("input_1", "agent_1"), makeEdge("agent_1", "output_1")],
    );
  }

  it("offers the fields of an upstream JSON output, but not an Input's (those are input.name)", () => {
    const options = referenceScope(jsonAgentGraph(), "output_1").options;
    expect(options.map((o) => o.ref)).toEqual(["input.topic", "agent_1.output", "agent_1.output.items", "agent_1.output.items[0]", "agent_1.output.items[0].title", "input_1.output"]);
    expect(options[4]).toEqual({ ref: "agent_1.output.items[0].title", kind: "node", label: "Agent", detail: "Field of Agent output" });
    expect(matchReferences(options, "agent_1.output.it").map((o) => o.ref)).toEqual(["agent_1.output.items", "agent_1.output.items[0]", "agent_1.output.items[0].title"]);
  });

  it("flags a path the upstream schema does not have while typing", () => {
    const scope = referenceScope(jsonAgentGraph(), "output_1");
    expect(templateIssues("{{agent_1.output.items[0].title}} {{agent_1.output.items[0].titel}} {{input_1.output.topic}}", scope)).toEqual([
      {
        raw: "agent_1.output.items[0].titel",
        message: '{{agent_1.output.items[0].titel}}: agent_1.output.items[0] has no "titel" in its output schema. Did you mean {{agent_1.output.items[0].title}}?',
      },
    ]);
  });

  it("keeps suggesting while a bracket or a quoted key is typed, and replaces it whole", () => {
    expect(openReferenceAt("{{agent_1.output.items[0", 24)).toEqual({ start: 0, query: "agent_1.output.items[0" });
    expect(openReferenceAt('{{a.output["k', 13)).toEqual({ start: 0, query: 'a.output["k' });
    expect(insertReference("x {{agent_1.output.items[0].ti}} y", 22, { start: 2 }, "agent_1.output.items[0].title")).toEqual({ text: "x {{agent_1.output.items[0].title}} y", caret: 35 });
  });

  it("suggests near misses without comparing long text against every option", () => {
    const scope = referenceScope(sampleGraph(), "agent_1");
    const long = `input.${"x".repeat(20_000)}`;
    expect(templateIssues(`{{${long}}}`, scope)[0]?.message).toBe(`Unknown reference {{${long}}}: no run input is named "${"x".repeat(20_000)}".`);
  });
});
