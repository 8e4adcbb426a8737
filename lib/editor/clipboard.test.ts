import { describe, expect, it } from "vitest";
import { makeEdge, makeNode } from "@/lib/flow/graph-builder";
import type { Annotation } from "@/lib/flow/graph";
import { CLIPBOARD_KIND, clipboardBounds, copySelection, pasteSelection } from "./clipboard";

const nodes = [
  makeNode("input_1", "input", {}, { x: 0, y: 0 }),
  makeNode("agent_1", "agent", { systemPrompt: "Be brief." }, { x: 300, y: 0 }),
  { ...makeNode("output_1", "output", {}, { x: 20, y: 40 }), parentId: "group_1" },
];
const edges = [makeEdge("input_1", "agent_1"), makeEdge("agent_1", "output_1")];
const annotations: Annotation[] = [
  { id: "group_1", kind: "group", position: { x: 600, y: 0 }, size: { width: 300, height: 200 }, title: "Finish", collapsed: false },
  { id: "note_1", kind: "note", position: { x: 0, y: -200 }, size: { width: 200, height: 100 }, text: "*hi*" },
];
const graph = { nodes, edges, annotations };

describe("clipboard format", () => {
  it("holds the selected nodes and only the edges between them, as tagged flow JSON", () => {
    const content = JSON.parse(copySelection(graph, new Set(["input_1", "agent_1"])));
    expect(content.kind).toBe(CLIPBOARD_KIND);
    expect(content.version).toBe(1);
    expect(content.nodes.map((n: { id: string }) => n.id)).toEqual(["input_1", "agent_1"]);
    expect(content.edges).toEqual([edges[0]]);
    expect(content.nodes[1].data.systemPrompt).toBe("Be brief.");
  });

  it("a copied group brings its members; a member copied alone leaves the group at its place on the canvas", () => {
    const withGroup = JSON.parse(copySelection(graph, new Set(["group_1"])));
    expect(withGroup.nodes.map((n: { id: string }) => n.id)).toEqual(["output_1"]);
    expect(withGroup.nodes[0].parentId).toBe("group_1");
    const alone = JSON.parse(copySelection(graph, new Set(["output_1"])));
    expect(alone.nodes[0].parentId).toBeUndefined();
    expect(alone.nodes[0].position).toEqual({ x: 620, y: 40 });
  });

  it("pastes under fresh ids with edges rewired, shifted by the offset", () => {
    const text = copySelection(graph, new Set(["input_1", "agent_1", "note_1"]));
    const pasted = pasteSelection(text, ["input_1", "agent_1", "output_1", "group_1", "note_1"], { x: 10, y: 20 });
    if (!pasted.ok) throw new Error(pasted.error);
    expect(pasted.nodes.map((n) => [n.id, n.position])).toEqual([
      ["input_2", { x: 10, y: 20 }],
      ["agent_2", { x: 310, y: 20 }],
    ]);
    expect(pasted.edges).toEqual([{ ...edges[0], id: "e_input_2_agent_2_out_in", source: "input_2", target: "agent_2" }]);
    expect(pasted.annotations.map((a) => a.id)).toEqual(["note_2"]);
    expect(clipboardBounds(text)).toEqual({ x: 0, y: -200 });
  });

  it("keeps ids that are free in the target flow, and keeps group members relative to their pasted group", () => {
    const text = copySelection(graph, new Set(["group_1"]));
    const pasted = pasteSelection(text, ["input_1"], { x: 5, y: 5 });
    if (!pasted.ok) throw new Error(pasted.error);
    expect(pasted.annotations[0]).toMatchObject({ id: "group_1", position: { x: 605, y: 5 } });
    expect(pasted.nodes[0]).toMatchObject({ id: "output_1", parentId: "group_1", position: { x: 20, y: 40 } });
  });

  it("refuses anything that is not a valid Orchestra selection, saying why", () => {
    expect(pasteSelection("hello", [], { x: 0, y: 0 })).toEqual({ ok: false, error: "The clipboard does not hold Orchestra nodes" });
    expect(pasteSelection(JSON.stringify({ kind: "other" }), [], { x: 0, y: 0 })).toEqual({ ok: false, error: "The clipboard does not hold Orchestra nodes" });
    const broken = JSON.stringify({ kind: CLIPBOARD_KIND, version: 1, nodes: [{ ...nodes[0], type: "nope" }], edges: [] });
    expect(pasteSelection(broken, [], { x: 0, y: 0 })).toMatchObject({ ok: false, error: expect.stringMatching(/^The copied nodes are not valid/) });
    const stray = JSON.stringify({ kind: CLIPBOARD_KIND, version: 1, nodes: [nodes[0]], edges: [edges[0]] });
    expect(pasteSelection(stray, [], { x: 0, y: 0 })).toMatchObject({ ok: false, error: expect.stringContaining("was not copied") });
    expect(clipboardBounds("nope")).toBeNull();
  });

  it("rewrites {{references}} between pasted nodes to their new ids, and leaves others alone", () => {
    const writer = makeNode("writer_3", "agent", {}, { x: 0, y: 0 });
    const editor = makeNode("editor_2", "prompt_template", { template: "Edit {{writer_3.output}} for {{input.topic}}; see {{writer_30.output}}" }, { x: 300, y: 0 });
    const text = copySelection({ nodes: [writer, editor], edges: [makeEdge("writer_3", "editor_2")], annotations: [] }, new Set(["writer_3", "editor_2"]));
    const same = pasteSelection(text, ["writer_3", "editor_2"], { x: 0, y: 0 });
    if (!same.ok) throw new Error(same.error);
    expect(same.nodes.map((n) => n.id)).toEqual(["writer_1", "editor_1"]);
    expect((same.nodes[1]!.data as { template: string }).template).toBe("Edit {{writer_1.output}} for {{input.topic}}; see {{writer_30.output}}");
    const elsewhere = pasteSelection(text, ["input_1"], { x: 0, y: 0 });
    if (!elsewhere.ok) throw new Error(elsewhere.error);
    expect(elsewhere.nodes.map((n) => n.id)).toEqual(["writer_3", "editor_2"]);
    expect((elsewhere.nodes[1]!.data as { template: string }).template).toContain("{{writer_3.output}}");
  });
});

