"use client";

import type { NodeProps } from "@xyflow/react";
import { memo, useMemo } from "react";
import { agentNode } from "@/lib/flow/node-types/agent";
import { findModel } from "@/lib/models/registry";
import type { CanvasNodeOf } from "../graph-convert";
import { NodeCard } from "./node-card";
import { NODE_ICONS } from "./node-icons";
import { useNodeProblems } from "./node-problems";

export const AgentNodeView = memo(function AgentNodeView({ id, data, selected }: NodeProps<CanvasNodeOf<"agent">>) {
  const model = findModel(data.model);
  const simulated = model?.provider === "simulator";
  // A new element every render would defeat the card's memo.
  const badge = useMemo(
    () =>
      simulated ? (
        <p className="px-3 pb-2">
          <span className="rounded bg-violet-100 px-1.5 py-0.5 text-[10px] font-semibold uppercase tracking-wide text-violet-800">Simulated model</span>
        </p>
      ) : null,
    [simulated],
  );
  return (
    <NodeCard id={id} selected={selected} definition={agentNode} label={data.label} summary={model?.label ?? data.model} icon={NODE_ICONS.agent} problems={useNodeProblems(id)}>
      {badge}
    </NodeCard>
  );
});
