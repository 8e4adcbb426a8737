"use client";

import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import { outputNode } from "@/lib/flow/node-types/output";
import type { CanvasNodeOf } from "../graph-convert";
import { NodeCard } from "./node-card";
import { NODE_ICONS } from "./node-icons";
import { useNodeProblems } from "./node-problems";

export const OutputNodeView = memo(function OutputNodeView({ id, data, selected }: NodeProps<CanvasNodeOf<"output">>) {
  return (
    <NodeCard id={id} selected={selected} definition={outputNode} label={data.label} summary={outputNode.summary(data)} icon={NODE_ICONS.output} problems={useNodeProblems(id)} showOutput />
  );
});
