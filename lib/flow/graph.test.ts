import { describe, expect, it } from "vitest";
import { flowGraphSchema } from "./graph";
import { sampleGraph } from "./sample-graph";

function messages(raw: unknown): string[] {
  const result = flowGraphSchema.safeParse(raw);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

describe("flow graph schema", () => {
  it("accepts a well-formed Input → Agent → Output graph", () => {
    expect(messages(sampleGraph())).toEqual([]);
  });

  it("fills node config defaults", () => {
    const g = sampleGraph();
    const raw = { ...g, nodes: g.nodes.map((n) => (n.type === "agent" ? { ...n, data: { model: "simulator" } } : n)) };
    const parsed = flowGraphSchema.parse(raw);
    const agent = parsed.nodes.find((n) => n.type === "agent");
    expect(agent?.type === "agent" && agent.data.maxTokens).toBe(1024);
  });

  it("rejects wrong types in node data", () => {
    const g = sampleGraph();
    const bad = { ...g, nodes: g.nodes.map((n) => (n.type === "agent" ? { ...n, data: { ...n.data, temperature: "hot" } } : n)) };
    expect(messages(bad).length).toBeGreaterThan(0);
  });

  it("rejects an unknown node type and a wrong schemaVersion", () => {
    const g = sampleGraph();
    expect(messages({ ...g, nodes: [...g.nodes, { id: "x", type: "teleport", position: { x: 0, y: 0 }, data: {} }] }).length).toBeGreaterThan(0);
    expect(messages({ ...g, schemaVersion: 99 }).length).toBeGreaterThan(0);
  });

  it("rejects edges to missing nodes or missing ports, duplicates and self loops", () => {
    const g = sampleGraph();
    expect(messages({ ...g, edges: [...g.edges, { id: "e3", source: "agent_1", sourceHandle: "out", target: "ghost", targetHandle: "in" }] })).toContain(
      'Edge e3 ends at missing node "ghost"',
    );
    expect(messages({ ...g, edges: [...g.edges, { id: "e3", source: "agent_1", sourceHandle: "nope", target: "output_1", targetHandle: "in" }] })).toContain(
      'agent_1 has no output "nope"',
    );
    expect(messages({ ...g, edges: [...g.edges, { ...g.edges[0]!, id: "e3" }] })).toContain("input_1 → agent_1 is connected twice");
    expect(messages({ ...g, edges: [{ id: "e9", source: "agent_1", sourceHandle: "out", target: "agent_1", targetHandle: "in" }] })).toContain(
      "Edge e9 connects agent_1 to itself",
    );
    expect(messages({ ...g, nodes: [...g.nodes, g.nodes[0]] })).toContain('Duplicate node id "input_1"');
  });

  it("rejects node ids that cannot be template namespaces", () => {
    const g = sampleGraph();
    expect(messages({ ...g, nodes: [{ ...g.nodes[0]!, id: "has space" }] }).length).toBeGreaterThan(0);
    expect(messages({ ...g, nodes: [{ ...g.nodes[0]!, id: "input" }] }).length).toBeGreaterThan(0);
  });

  it("accepts sticky notes and groups beside the nodes, and rejects a node in a missing group or clashing ids", () => {
    const good = {
      ...sampleGraph(),
      annotations: [
        { id: "note_1", kind: "note", position: { x: 0, y: 0 }, size: { width: 200, height: 100 }, text: "# Plan" },
        { id: "group_1", kind: "group", position: { x: 0, y: 0 }, size: { width: 400, height: 300 }, title: "Main" },
      ],
    };
    const parsed = flowGraphSchema.parse({ ...good, nodes: good.nodes.map((n) => (n.id === "agent_1" ? { ...n, parentId: "group_1" } : n)) });
    expect(parsed.annotations?.[1]).toMatchObject({ kind: "group", collapsed: false });
    expect(parsed.nodes.find((n) => n.id === "agent_1")?.parentId).toBe("group_1");
    const orphan = flowGraphSchema.safeParse({ ...good, nodes: good.nodes.map((n) => (n.id === "agent_1" ? { ...n, parentId: "group_9" } : n)) });
    expect(orphan.success ? [] : orphan.error.issues.map((i) => i.message)).toEqual(['agent_1 is in a group "group_9" that does not exist']);
    const clash = flowGraphSchema.safeParse({ ...good, annotations: [{ ...good.annotations[0], id: "agent_1" }] });
    expect(clash.success ? [] : clash.error.issues.map((i) => i.message)).toEqual(['Duplicate id "agent_1"']);
  });
});

