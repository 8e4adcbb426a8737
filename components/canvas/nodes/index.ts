import type { NodeProps, NodeTypes } from "@xyflow/react";
import type { ComponentType } from "react";
import type { NodeType } from "@/lib/flow/node-types/index";
import type { CanvasNode } from "../graph-convert";
import { AgentNodeView } from "./agent-node";
import { OutputNodeView } from "./output-node";
import { simpleNodeView } from "./simple-node";

type NodeViews = { [K in NodeType]: ComponentType<NodeProps<Extract<CanvasNode, { type: K }>>> };

const views: NodeViews = {
  input: simpleNodeView("input"),
  agent: AgentNodeView,
  prompt_template: simpleNodeView("prompt_template", { showOutput: true }),
  condition: simpleNodeView("condition"),
  router: simpleNodeView("router"),
  merge: simpleNodeView("merge"),
  delay: simpleNodeView("delay"),
  calculator: simpleNodeView("calculator", { showOutput: true }),
  http_request: simpleNodeView("http_request", { showOutput: true }),
  approval: simpleNodeView("approval"),
  subflow: simpleNodeView("subflow", { showOutput: true }),
  map: simpleNodeView("map", { showOutput: true }),
  code: simpleNodeView("code", { showOutput: true }),
  output: OutputNodeView,
};

/** Module-level so React Flow never sees a new nodeTypes object (which would remount every node). */
export const canvasNodeTypes = views as unknown as NodeTypes;
