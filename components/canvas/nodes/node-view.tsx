"use client";

import type { NodeProps } from "@xyflow/react";
import { memo, useMemo } from "react";
import { definitionOf } from "@/lib/flow/catalogue";
import { outputPortsOf } from "@/lib/flow/node-ports";
import type { NodeType } from "@/lib/flow/node-types/index";
import type { CanvasNode } from "../graph-convert";
import { NodeCard } from "./node-card";
import { useNodeProblems } from "./node-problems";

/** The canvas card of a node type, generated from its catalogue entry: title, icon, summary, ports, badge. */
export function nodeView<K extends NodeType>(type: K) {
  const definition = definitionOf(type);
  const View = memo(function NodeView({ id, data, selected }: NodeProps<Extract<CanvasNode, { type: K }>>) {
    const label = (data as { label?: string }).label ?? definition.title;
    // Same object until the node's data changes, so the memoized card can skip re-rendering.
    const card = useMemo(() => ({ title: definition.title, inputs: definition.inputs, outputs: outputPortsOf({ type, data }) }), [data]);
    const badgeText = definition.card?.badge?.(data) ?? null;
    // A new element every render would defeat the card's memo.
    const badge = useMemo(
      () =>
        badgeText ? (
          <p className="px-3 pb-2">
            <span className="rounded bg-violet-100 px-1.5 py-0.5 text-[10px] font-semibold uppercase tracking-wide text-violet-800">{badgeText}</span>
          </p>
        ) : null,
      [badgeText],
    );
    return (
      <NodeCard
        id={id}
        selected={selected ?? false}
        definition={card}
        label={label}
        summary={definition.summary(data)}
        icon={definition.icon}
        problems={useNodeProblems(id)}
        showOutput={definition.card?.showOutput}
      >
        {badge}
      </NodeCard>
    );
  });
  View.displayName = `${type}NodeView`;
  return View;
}
