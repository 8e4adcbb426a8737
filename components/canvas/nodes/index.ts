import type { NodeProps, NodeTypes } from "@xyflow/react";
import type { ComponentType } from "react";
import { NODE_TYPES, type NodeType } from "@/lib/flow/node-types/index";
import type { CanvasNode } from "../graph-convert";
import { nodeView } from "./node-view";

type NodeView<K extends NodeType> = ComponentType<NodeProps<Extract<CanvasNode, { type: K }>>>;

/** A node type whose card needs more than its definition gives goes here; every other card is generated. */
const customViews: { [K in NodeType]?: NodeView<K> } = {};

/** Module-level so React Flow never sees a new nodeTypes object (which would remount every node). */
export const canvasNodeTypes = Object.fromEntries(NODE_TYPES.map((type) => [type, customViews[type] ?? nodeView(type)])) as NodeTypes;
