import { describe, expect, it } from "vitest";
import { flowGraphSchema } from "@/lib/flow/graph";
import { sampleGraph } from "@/lib/flow/sample-graph";
import { createEditorStore } from "./editor-store";

function store() {
  return createEditorStore({ flowId: "flow_1", version: 1, graph: sampleGraph() });
}

describe("editor store", () => {
  it("round-trips a saved graph exactly", () => {
    const s = store();
    expect(s.getState().graph()).toEqual(sampleGraph());
    expect(flowGraphSchema.safeParse(s.getState().graph()).success).toBe(true);
  });

  it("adds nodes with fresh, template-friendly ids and default settings", () => {
    const s = store();
    const id = s.getState().addNode("agent", { x: 10, y: 20 });
    expect(id).toBe("agent_2");
    const node = s.getState().nodes.find((n) => n.id === id);
    expect(node).toMatchObject({ type: "agent", position: { x: 10, y: 20 }, selected: true, data: { model: "simulator" } });
    expect(s.getState().dirty).toBe(true);
  });

  it("refuses connections that cannot exist, saying why, and accepts a valid one", () => {
    const s = store();
    const c = (source: string, sourceHandle: string, target: string, targetHandle: string) => s.getState().connect({ source, sourceHandle, target, targetHandle });
    expect(c("agent_1", "out", "agent_1", "in")).toBe("A node cannot feed itself");
    expect(c("output_1", "out", "agent_1", "in")).toBe("Connect an output (right side) to an input (left side)");
    expect(c("input_1", "out", "agent_1", "in")).toBe("These ports are already connected");
    expect(s.getState().dirty).toBe(false);
    expect(c("input_1", "out", "output_1", "in")).toBeNull();
    expect(s.getState().edges).toHaveLength(3);
    expect(s.getState().dirty).toBe(true);
  });

  it("marks the draft dirty for edits but not for selection", () => {
    const s = store();
    s.getState().onNodesChange([{ type: "select", id: "agent_1", selected: true }]);
    expect(s.getState().dirty).toBe(false);
    s.getState().onNodesChange([{ type: "position", id: "agent_1", position: { x: 1, y: 2 } }]);
    expect(s.getState().dirty).toBe(true);
    s.getState().markSaved({ version: 2 });
    expect(s.getState()).toMatchObject({ dirty: false, version: 2 });
  });

  it("removing a node removes its edges", () => {
    const s = store();
    s.getState().removeNode("agent_1");
    expect(s.getState().graph().edges).toEqual([]);
    expect(s.getState().nodes.map((n) => n.id)).toEqual(["input_1", "output_1"]);
  });

  it("applies run events to the watched run only once each", () => {
    const s = store();
    s.getState().applyRunEvent({ seq: 1, at: "2026-01-01T00:00:00Z", type: "node.started", nodeId: "agent_1", payload: { attempt: 1 } });
    expect(s.getState().run).toBeNull();
    s.getState().watchRun("run_1");
    const started = { seq: 1, at: "2026-01-01T00:00:00Z", type: "node.started", nodeId: "agent_1", payload: { attempt: 1 } } as const;
    s.getState().applyRunEvent(started);
    const afterFirst = s.getState().run;
    s.getState().applyRunEvent(started);
    expect(s.getState().run).toBe(afterFirst);
    expect(afterFirst?.view.nodes.agent_1?.status).toBe("running");
  });

  it("undo and redo walk back and forth through ten mixed edits to the exact graphs", () => {
    const s = store();
    const api = () => s.getState();
    const graphs = [api().graph()];
    const edits: (() => void)[] = [
      () => api().addNode("calculator", { x: 400, y: 300 }),
      () => api().updateNodeData("agent_1", { ...(api().nodes.find((n) => n.id === "agent_1")!.data as object), systemPrompt: "Be brief." } as never),
      () => api().onNodesChange([{ type: "position", id: "input_1", position: { x: -50, y: 10 }, dragging: false }]),
      () => api().connect({ source: "input_1", sourceHandle: "out", target: "output_1", targetHandle: "in" }),
      () => api().addNote({ x: 0, y: -200 }),
      () => api().updateNote("note_1", "Remember the *budget*"),
      () => api().removeNode("calculator_1"),
      () => api().selectOnly(["agent_1", "output_1"]),
      () => api().groupSelection(),
      () => api().autoLayout(),
    ];
    for (const edit of edits) {
      edit();
      graphs.push(api().graph());
    }
    // selectOnly is not an edit: it leaves no undo step of its own.
    const steps = graphs.filter((g, i) => i === 0 || JSON.stringify(g) !== JSON.stringify(graphs[i - 1]));
    expect(steps).toHaveLength(10);
    for (let i = steps.length - 2; i >= 0; i--) {
      api().undo();
      expect(api().graph()).toEqual(steps[i]);
    }
    for (let i = 1; i < steps.length; i++) {
      api().redo();
      expect(api().graph()).toEqual(steps[i]);
    }
  });

  it("a burst of typing in one field or one drag is a single undo step", () => {
    const s = store();
    const api = () => s.getState();
    const base = api().nodes.find((n) => n.id === "agent_1")!.data;
    for (const text of ["B", "Be", "Be b", "Be brief"]) api().updateNodeData("agent_1", { ...base, systemPrompt: text } as never);
    for (let x = 0; x < 5; x++) api().onNodesChange([{ type: "position", id: "agent_1", position: { x, y: 0 }, dragging: true }]);
    api().onNodesChange([{ type: "position", id: "agent_1", position: { x: 9, y: 0 }, dragging: false }]);
    expect(api().history.past).toHaveLength(2);
    api().undo();
    expect(api().nodes.find((n) => n.id === "agent_1")!.position).toEqual(sampleGraph().nodes.find((n) => n.id === "agent_1")!.position);
    api().undo();
    expect(api().graph()).toEqual(sampleGraph());
  });

  it("copies the selection with its inner edges and pastes it under fresh ids, selected", () => {
    const s = store();
    const api = () => s.getState();
    api().selectOnly(["input_1", "agent_1"]);
    const text = api().copySelection()!;
    expect(JSON.parse(text)).toMatchObject({ kind: "orchestra/selection", nodes: [{ id: "input_1" }, { id: "agent_1" }] });
    expect(api().pasteText(text)).toBeNull();
    const ids = api().nodes.map((n) => n.id);
    expect(ids).toEqual(["input_1", "agent_1", "output_1", "input_2", "agent_2"]);
    expect(api().nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(["input_2", "agent_2"]);
    expect(api().edges.find((e) => e.source === "input_2")).toMatchObject({ target: "agent_2" });
    expect(flowGraphSchema.safeParse(api().graph()).success).toBe(true);
    expect(api().pasteText("not json")).toBe("The clipboard does not hold Orchestra nodes");
  });

  it("groups keep their members in place on the canvas, and ungrouping puts them back", () => {
    const s = store();
    const api = () => s.getState();
    const before = api().graph();
    api().selectOnly(["agent_1", "output_1"]);
    const groupId = api().groupSelection()!;
    const graph = api().graph();
    expect(flowGraphSchema.safeParse(graph).success).toBe(true);
    const group = graph.annotations!.find((a) => a.id === groupId)!;
    for (const id of ["agent_1", "output_1"]) {
      const node = graph.nodes.find((n) => n.id === id)!;
      const original = before.nodes.find((n) => n.id === id)!;
      expect(node.parentId).toBe(groupId);
      expect({ x: node.position.x + group.position.x, y: node.position.y + group.position.y }).toEqual(original.position);
    }
    api().ungroup(groupId);
    expect(api().graph()).toEqual(before);
  });

  it("deleting a selection removes its edges; auto-layout puts every node after the nodes that feed it", () => {
    const s = store();
    const api = () => s.getState();
    api().autoLayout();
    const x = (id: string) => api().nodes.find((n) => n.id === id)!.position.x;
    expect(x("input_1")).toBeLessThan(x("agent_1"));
    expect(x("agent_1")).toBeLessThan(x("output_1"));
    api().selectOnly(["agent_1"]);
    api().deleteSelection();
    expect(api().graph().edges).toEqual([]);
    api().undo();
    expect(api().graph().edges).toHaveLength(2);
  });

  it("deleting a connected node the way React Flow does (edges, then the node) is one undo step", async () => {
    const s = store();
    const api = () => s.getState();
    const edgeIds = api().edges.filter((e) => e.source === "agent_1" || e.target === "agent_1").map((e) => e.id);
    api().onEdgesChange(edgeIds.map((id) => ({ type: "remove" as const, id })));
    api().onNodesChange([{ type: "remove", id: "agent_1" }]);
    await Promise.resolve();
    api().undo();
    expect(api().graph()).toEqual(sampleGraph());
  });
});

