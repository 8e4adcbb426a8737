import { describe, expect, it } from "vitest";
import { countChanges, describeDiff, describeEdge, diffGraphs, isEmptyDiff, jsonEqual } from "./graph-diff";
import { flowGraphSchema, type FlowGraph } from "./graph";
import { nodeDefinitions } from "./node-types/index";
import { sampleGraph } from "./sample-graph";

function edit(graph: FlowGraph, change: (g: FlowGraph) => void): FlowGraph {
  const copy = structuredClone(graph);
  change(copy);
  // Every graph in these tests is one the editor could save.
  return flowGraphSchema.parse(copy);
}

function agent(g: FlowGraph) {
  const node = g.nodes.find((n) => n.id === "agent_1");
  if (node?.type !== "agent") throw new Error("no agent_1");
  return node;
}

describe("diffGraphs", () => {
  it("finds nothing between a graph and its copy, whatever the key order", () => {
    const base = sampleGraph();
    const reordered = JSON.parse(JSON.stringify(base), (_key, value: unknown) =>
      value && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    ) as FlowGraph;
    expect(Object.keys(reordered.nodes[0]!)).toEqual(["data", "position", "type", "id"]);
    const diff = diffGraphs(base, reordered);
    expect(isEmptyDiff(diff)).toBe(true);
    expect(describeDiff(diff)).toEqual([]);
  });

  it("lists added and removed nodes and edges, and is the mirror image the other way round", () => {
    const before = sampleGraph();
    const after = edit(before, (g) => {
      g.nodes.push({ id: "agent_2", type: "agent", position: { x: 300, y: 200 }, data: nodeDefinitions.agent.defaults() });
      g.edges.push({ id: "e3", source: "input_1", sourceHandle: "out", target: "agent_2", targetHandle: "in" });
      g.edges = g.edges.filter((e) => e.id !== "e2");
    });
    const diff = diffGraphs(before, after);
    expect(diff.nodes).toEqual({ added: [{ id: "agent_2", type: "agent" }], removed: [], changed: [] });
    expect(diff.edges.added.map((e) => e.id)).toEqual(["e3"]);
    expect(diff.edges.removed.map((e) => e.id)).toEqual(["e2"]);
    expect(describeDiff(diff)).toEqual(["Added node agent_2 (Agent)", "Added edge input_1 → agent_2", "Removed edge agent_1 → output_1"]);

    const back = diffGraphs(after, before);
    expect(back.nodes.removed).toEqual(diff.nodes.added);
    expect(back.edges.added).toEqual(diff.edges.removed);
    expect(back.edges.removed).toEqual(diff.edges.added);
    expect(countChanges(back)).toBe(countChanges(diff));
  });

  it("names the settings that changed and tells a move apart from an edit", () => {
    const before = sampleGraph();
    const after = edit(before, (g) => {
      const a = agent(g);
      a.data.systemPrompt = "Be brief.";
      a.data.temperature = 0.2;
      g.nodes.find((n) => n.id === "output_1")!.position = { x: 640, y: 10 };
    });
    const diff = diffGraphs(before, after);
    expect(diff.nodes.changed).toEqual([
      { id: "agent_1", type: "agent", changes: [{ kind: "settings", fields: ["systemPrompt", "temperature"] }] },
      { id: "output_1", type: "output", changes: [{ kind: "moved" }] },
    ]);
    expect(describeDiff(diff)).toEqual(["Changed agent_1: settings changed (systemPrompt, temperature)", "Changed output_1: moved"]);
  });

  it("compares nested settings deeply and reports a setting present on one side only", () => {
    const before = sampleGraph();
    const input = (g: FlowGraph) => {
      const node = g.nodes.find((n) => n.id === "input_1");
      if (node?.type !== "input") throw new Error("no input_1");
      return node;
    };
    const same = edit(before, (g) => {
      input(g).data.fields = [{ defaultValue: "", required: true, label: "Topic", name: "topic" }];
    });
    expect(isEmptyDiff(diffGraphs(before, same))).toBe(true);
    const deeper = edit(before, (g) => {
      input(g).data.fields[0]!.required = false;
    });
    expect(describeDiff(diffGraphs(before, deeper))).toEqual(["Changed input_1: settings changed (fields)"]);
    const dropped = structuredClone(before);
    delete (agent(dropped).data as Record<string, unknown>).outputSchema;
    expect(diffGraphs(before, dropped).nodes.changed).toEqual([{ id: "agent_1", type: "agent", changes: [{ kind: "settings", fields: ["outputSchema"] }] }]);
  });

  it("reports a node entering, leaving or switching a group rather than a move", () => {
    const group = { id: "group_1", kind: "group" as const, position: { x: -20, y: -40 }, size: { width: 700, height: 200 }, title: "Main", collapsed: false };
    const before = edit(sampleGraph(), (g) => {
      g.annotations = [group, { ...group, id: "group_2", title: "Other" }];
    });
    const grouped = edit(before, (g) => {
      Object.assign(agent(g), { parentId: "group_1", position: { x: 320, y: 40 } });
    });
    expect(diffGraphs(before, grouped).nodes.changed).toEqual([{ id: "agent_1", type: "agent", changes: [{ kind: "group", from: null, to: "group_1" }] }]);
    expect(describeDiff(diffGraphs(grouped, before))).toEqual(["Changed agent_1: taken out of group_1"]);
    const switched = edit(grouped, (g) => {
      agent(g).parentId = "group_2";
    });
    expect(describeDiff(diffGraphs(grouped, switched))).toEqual(["Changed agent_1: moved from group_1 into group_2"]);
  });

  it("reports a node whose id now holds another type", () => {
    const before = sampleGraph();
    const after = edit(before, (g) => {
      g.edges = [];
      g.nodes[1] = { id: "agent_1", type: "delay", position: { x: 300, y: 0 }, data: nodeDefinitions.delay.defaults() };
    });
    expect(diffGraphs(before, after).nodes.changed).toEqual([{ id: "agent_1", type: "delay", changes: [{ kind: "type", from: "agent", to: "delay" }] }]);
    expect(describeDiff(diffGraphs(before, after))[0]).toBe("Changed agent_1: type changed from Agent to Delay");
  });

  it("catches an edge kept under its id but attached to another port", () => {
    const before = edit(sampleGraph(), (g) => {
      g.nodes.push({ id: "condition_1", type: "condition", position: { x: 300, y: 200 }, data: nodeDefinitions.condition.defaults() });
      g.edges.push({ id: "e3", source: "condition_1", sourceHandle: "true", target: "output_1", targetHandle: "in" });
    });
    const after = edit(before, (g) => {
      g.edges.find((e) => e.id === "e3")!.sourceHandle = "false";
    });
    const diff = diffGraphs(before, after);
    expect(diff.edges.changed.map((c) => c.id)).toEqual(["e3"]);
    expect(describeDiff(diff)).toEqual(["Reconnected edge condition_1.true → output_1 to condition_1.false → output_1"]);
    expect(describeEdge({ id: "x", source: "a", sourceHandle: "out", target: "b", targetHandle: "tools" })).toBe("a → b.tools");
  });

  it("covers sticky notes and groups: added, removed, edited, moved, resized", () => {
    const before = edit(sampleGraph(), (g) => {
      g.annotations = [
        { id: "note_1", kind: "note", position: { x: 0, y: -200 }, size: { width: 220, height: 140 }, text: "Budget: $1" },
        { id: "group_1", kind: "group", position: { x: -20, y: -40 }, size: { width: 700, height: 200 }, title: "Main", collapsed: false },
        { id: "note_2", kind: "note", position: { x: 0, y: 400 }, size: { width: 220, height: 140 }, text: "" },
      ];
    });
    const after = edit(before, (g) => {
      g.annotations = [
        { id: "note_1", kind: "note", position: { x: 10, y: -200 }, size: { width: 220, height: 140 }, text: "Budget: $2" },
        { id: "group_1", kind: "group", position: { x: -20, y: -40 }, size: { width: 800, height: 200 }, title: "Core", collapsed: true },
        { id: "note_3", kind: "note", position: { x: 0, y: 600 }, size: { width: 220, height: 140 }, text: "new" },
      ];
    });
    const diff = diffGraphs(before, after);
    expect(diff.annotations).toEqual({
      added: [{ id: "note_3", kind: "note" }],
      removed: [{ id: "note_2", kind: "note" }],
      changed: [
        { id: "note_1", kind: "note", fields: ["text", "moved"] },
        { id: "group_1", kind: "group", fields: ["title", "collapsed", "resized"] },
      ],
    });
    expect(describeDiff(diff)).toEqual([
      "Added note_3 (note)",
      "Removed note_2 (note)",
      "Changed note_1: text changed, moved",
      "Changed group_1: renamed, collapsed or expanded, resized",
    ]);
    // A graph without annotations equals one with an empty list.
    expect(isEmptyDiff(diffGraphs(sampleGraph(), { ...sampleGraph(), annotations: [] }))).toBe(true);
  });

  it("treats an id reused by another kind of annotation as removed and added", () => {
    const note = { id: "x_1", kind: "note" as const, position: { x: 0, y: 0 }, size: { width: 220, height: 140 }, text: "" };
    const group = { id: "x_1", kind: "group" as const, position: { x: 0, y: 0 }, size: { width: 220, height: 140 }, title: "", collapsed: false };
    const diff = diffGraphs({ ...sampleGraph(), annotations: [note] }, { ...sampleGraph(), annotations: [group] });
    expect(diff.annotations).toEqual({ added: [{ id: "x_1", kind: "group" }], removed: [{ id: "x_1", kind: "note" }], changed: [] });
  });
});

describe("jsonEqual", () => {
  it("compares JSON values structurally", () => {
    expect(jsonEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual("1", 1)).toBe(false);
  });
});
