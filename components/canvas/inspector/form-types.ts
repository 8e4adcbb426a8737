import type { FlowNode } from "@/lib/flow/graph";
import type { NodeType } from "@/lib/flow/node-types/index";
import type { CanvasNodeOf } from "../graph-convert";

export interface InspectorFormProps<K extends NodeType> {
  node: CanvasNodeOf<K>;
  update: (data: Extract<FlowNode, { type: K }>["data"]) => void;
  /** References this node may use, e.g. input.topic, agent_1.output. */
  references: string[];
}
