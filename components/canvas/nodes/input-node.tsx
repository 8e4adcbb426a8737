"use client";

import type { NodeProps } from "@xyflow/react";
import { memo } from "react";
import { inputNode } from "@/lib/flow/node-types/input";
import type { CanvasNodeOf } from "../graph-convert";
import { NodeCard } from "./node-card";
import { useNodeProblems } from "./node-problems";

export const InputNodeView = memo(function InputNodeView({ id, data, selected }: NodeProps<CanvasNodeOf<"input">>) {
  return <NodeCard id={id} selected={selected} definition={inputNode} label={data.label} summary={inputNode.summary(data)} icon="⇥" problems={useNodeProblems(id)} />;
});
