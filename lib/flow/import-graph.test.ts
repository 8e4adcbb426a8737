import { describe, expect, it } from "vitest";
import { GRAPH_SCHEMA_VERSION } from "./graph";
import { flowFileName, importSummary, parseFlowImport, toFlowFile } from "./import-graph";
import { sampleGraph } from "./sample-graph";

function problemsOf(text: string) {
  const result = parseFlowImport(text);
  if (result.ok) throw new Error("expected the import to be refused");
  return result;
}

describe("flow files", () => {
  it("round-trips an exported file", () => {
    const file = toFlowFile("Tide explainer", sampleGraph(), new Date("2026-01-02T03:04:05Z"));
    expect(file).toMatchObject({ format: "orchestra.flow", name: "Tide explainer", exportedAt: "2026-01-02T03:04:05.000Z" });
    const result = parseFlowImport(JSON.stringify(file));
    expect(result).toEqual({ ok: true, graph: sampleGraph(), name: "Tide explainer", nodes: 3, edges: 2 });
  });

  it("accepts a bare graph, with or without schemaVersion", () => {
    expect(parseFlowImport(JSON.stringify(sampleGraph()))).toMatchObject({ ok: true, name: null, nodes: 3, edges: 2 });
    const unversioned: Partial<ReturnType<typeof sampleGraph>> = sampleGraph();
    delete unversioned.schemaVersion;
    const result = parseFlowImport(JSON.stringify(unversioned));
    expect(result.ok && result.graph.schemaVersion).toBe(GRAPH_SCHEMA_VERSION);
  });

  it("fills config defaults the file leaves out", () => {
    const g = sampleGraph();
    const raw = { ...g, nodes: g.nodes.map((n) => (n.type === "agent" ? { ...n, data: { model: "simulator" } } : n)) };
    const result = parseFlowImport(JSON.stringify(raw));
    const agent = result.ok ? result.graph.nodes.find((n) => n.type === "agent") : undefined;
    expect(agent?.type === "agent" && agent.data.maxTokens).toBe(1024);
  });

  it("names the file after the flow, without characters file systems refuse", () => {
    expect(flowFileName("Tide explainer")).toBe("Tide explainer.json");
    expect(flowFileName('a/b:c*"d"')).toBe("a-b-c-d.json");
    expect(flowFileName("  ")).toBe("flow.json");
  });

  it("says how much was imported", () => {
    expect(importSummary({ nodes: 3, edges: 2 })).toBe("Imported 3 nodes and 2 edges");
    expect(importSummary({ nodes: 1, edges: 0 })).toBe("Imported 1 node and 0 edges");
  });
});

describe("refusing a broken import", () => {
  it("locates a JSON syntax error by line and column", () => {
    const result = problemsOf('{\n  "nodes": [],\n  "edges": [}\n}');
    expect(result.title).toBe("This is not valid JSON");
    expect(result.problems).toEqual(["Line 3, column 13: Expected a value or ']', found '}'"]);
    expect(result.excerpt).toEqual({ line: 3, column: 13, text: '  "edges": [}' });
  });

  it("places a truncated file's error at its end", () => {
    const result = problemsOf('{"nodes": [');
    expect(result.problems[0]).toBe("Line 1, column 12: The text ends where a value was expected");
  });

  it("refuses empty text and JSON that is no flow", () => {
    expect(problemsOf("  \n").title).toBe("Nothing to import");
    expect(problemsOf("[1, 2]").problems[0]).toMatch(/found a list$/);
    expect(problemsOf('{"hello": "world"}').title).toBe("This JSON is not a flow");
  });

  it("lists each schema problem with its path, the node it is in and a plain message", () => {
    const g = sampleGraph();
    const nodes = [
      ...g.nodes.map((n) => (n.type === "agent" ? { ...n, data: { ...n.data, model: "", temperature: 7 } } : n)),
      { id: "robot_1", type: "robot", position: { x: 0, y: 0 }, data: {} },
    ];
    const result = problemsOf(JSON.stringify({ ...g, nodes }));
    expect(result.title).toBe("The flow has 3 problems");
    expect(result.problems).toEqual([
      'nodes.1.data.model: Pick a model (node "agent_1")',
      'nodes.1.data.temperature: At most 2 (node "agent_1")',
      expect.stringMatching(/^nodes\.3\.type: Unknown type "robot"; expected one of input, agent, .* \(node "robot_1"\)$/),
    ]);
  });

  it("reports structural problems: edges to missing nodes, duplicate ids", () => {
    const g = sampleGraph();
    const bad = {
      ...g,
      nodes: [...g.nodes, { ...g.nodes[0], position: { x: 10, y: 10 } }],
      edges: [...g.edges, { id: "e9", source: "ghost", sourceHandle: "out", target: "output_1", targetHandle: "in" }],
    };
    expect(problemsOf(JSON.stringify(bad)).problems).toEqual(['nodes.3.id: Duplicate node id "input_1"', 'edges.2.source: Edge e9 starts at missing node "ghost"']);
  });

  it("refuses a graph from a newer version and says what was expected", () => {
    expect(problemsOf(JSON.stringify({ ...sampleGraph(), schemaVersion: 2 })).problems).toEqual(["schemaVersion: Must be 1"]);
  });

  it("reads exported files the same way, so paths stay relative to the graph", () => {
    const file = toFlowFile("x", sampleGraph());
    const broken = { ...file, graph: { ...file.graph, edges: [{ id: "e1", source: "input_1" }] } };
    expect(problemsOf(JSON.stringify(broken)).problems).toEqual([
      "edges.0.sourceHandle: Missing: expected text",
      "edges.0.target: Missing: expected text",
      "edges.0.targetHandle: Missing: expected text",
    ]);
  });

  it("lists at most 50 problems and counts the rest", () => {
    const nodes = Array.from({ length: 60 }, (_, i) => ({ id: `n_${i}`, type: "delay", position: { x: 0, y: 0 }, data: { ms: -1 } }));
    const result = problemsOf(JSON.stringify({ schemaVersion: 1, nodes, edges: [] }));
    expect(result.problems).toHaveLength(51);
    expect(result.problems.at(-1)).toBe("…and 10 more");
  });
});
