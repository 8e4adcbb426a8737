import { Position, type NodeHandle } from "@xyflow/react";
import type { FlowNode } from "@/lib/flow/graph";
import { outputPortsOf } from "@/lib/flow/node-ports";
import { nodeDefinitions } from "@/lib/flow/node-types/index";
/** Where the i-th port sits on a card (its centre, from the top), and the card's width; the card draws them so. */
export const PORT_TOP = 28;
export const PORT_STEP = 18;
export const CARD_WIDTH = 240;
const HANDLE = 12;
/** A card's usual height before it is measured: title, summary and a line of ports. */
const ESTIMATED_HEIGHT = 72;

/**
 * A node's size and port positions before the browser has measured it. With them React Flow can
 * skip drawing off-screen nodes from the first frame instead of rendering all of them to measure.
 */
export function estimatedGeometry(node: Pick<FlowNode, "type" | "data">): { initialWidth: number; initialHeight: number; handles: NodeHandle[] } {
  const inputs = nodeDefinitions[node.type].inputs;
  const outputs = outputPortsOf(node);
  const handle = (id: string, type: "source" | "target", i: number): NodeHandle => ({
    id,
    type,
    position: type === "target" ? Position.Left : Position.Right,
    x: (type === "target" ? 0 : CARD_WIDTH) - HANDLE / 2,
    y: PORT_TOP + i * PORT_STEP - HANDLE / 2,
    width: HANDLE,
    height: HANDLE,
  });
  return {
    initialWidth: CARD_WIDTH,
    initialHeight: Math.max(ESTIMATED_HEIGHT, PORT_TOP + Math.max(inputs.length, outputs.length) * PORT_STEP),
    handles: [...inputs.map((p, i) => handle(p.id, "target", i)), ...outputs.map((p, i) => handle(p.id, "source", i))],
  };
}
