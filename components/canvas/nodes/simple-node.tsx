"use client";

import type { NodeProps } from "@xyflow/react";
import { memo, useMemo } from "react";
import { nodeDefinitions, type NodeType } from "@/lib/flow/node-types/index";
import type { FlowNode } from "@/lib/flow/graph";
import { outputPortsOf } from "@/lib/flow/node-ports";
import type { CanvasNode } from "../graph-convert";
import { NODE_ICONS } from "./node-icons";
import { NodeCard } from "./node-card";
import { useNodeProblems } from "./node-problems";

/** The canvas view of a node type that needs nothing beyond the shared card. */
export function simpleNodeView<K extends NodeType>(type: K, options: { showOutput?: boolean } = {}) {
  const definition = nodeDefinitions[type];
  const summary = definition.summary as (data: unknown) => string;
  const View = memo(function SimpleNodeView({ id, data, selected }: NodeProps<Extract<CanvasNode, { type: K }>>) {
    const label = (data as { label?: string }).label ?? definition.title;
    // Same object until the node's data changes, so the memoized card can skip re-rendering.
    const card = useMemo(
      () => ({ title: definition.title, inputs: definition.inputs, outputs: outputPortsOf({ type, data } as Pick<FlowNode, "type" | "data">) }),
      [data],
    );
    return (
      <NodeCard
        id={id}
        selected={selected ?? false}
        definition={card}
        label={label}
        summary={summary(data)}
        icon={NODE_ICONS[type]}
        problems={useNodeProblems(id)}
        showOutput={options.showOutput}
      />
    );
  });
  View.displayName = `${type}NodeView`;
  return View;
}
