import type { FlowNode } from "@/lib/flow/graph";
import type { NodeType } from "@/lib/flow/node-types/index";
import type { CanvasNodeOf } from "../graph-convert";

/** A node type's settings form; labels, errors and {{ }} references come from NodeFormContext. */
export interface InspectorFormProps<K extends NodeType> {
  node: CanvasNodeOf<K>;
  update: (data: Extract<FlowNode, { type: K }>["data"]) => void;
}
