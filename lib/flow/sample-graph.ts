import { GRAPH_SCHEMA_VERSION, type FlowGraph } from "./graph";
import { nodeDefinitions } from "./node-types/index";

/** Input → Agent → Output with default settings: the smallest useful flow (tests, demos). */
export function sampleGraph(): FlowGraph {
  return {
    schemaVersion: GRAPH_SCHEMA_VERSION,
    nodes: [
      { id: "input_1", type: "input", position: { x: 0, y: 0 }, data: nodeDefinitions.input.defaults() },
      { id: "agent_1", type: "agent", position: { x: 300, y: 0 }, data: nodeDefinitions.agent.defaults() },
      { id: "output_1", type: "output", position: { x: 600, y: 0 }, data: nodeDefinitions.output.defaults() },
    ],
    edges: [
      { id: "e1", source: "input_1", sourceHandle: "out", target: "agent_1", targetHandle: "in" },
      { id: "e2", source: "agent_1", sourceHandle: "out", target: "output_1", targetHandle: "in" },
    ],
  };
}
