import { describe, expect, it } from "vitest";
import { flowGraphSchema } from "@/lib/flow/graph";
import { sampleGraph } from "@/lib/flow/sample-graph";
import { createEditorStore } from "./editor-store";

function store() {
  return createEditorStore("flow_1", 1, sampleGraph());
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
    s.getState().markSaved(2);
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
});
