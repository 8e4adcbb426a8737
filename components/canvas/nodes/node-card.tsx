"use client";

import { Handle, Position } from "@xyflow/react";
import { memo, type CSSProperties, type ReactNode } from "react";
import type { PortSpec } from "@/lib/flow/ports";
import { PORT_STEP, PORT_TOP } from "../node-geometry";
import { NodeRunBadge, useNodeBorder } from "./node-status";

const PORT_COLOURS: Record<string, string> = {
  any: "!bg-slate-500",
  text: "!bg-emerald-500",
  json: "!bg-amber-500",
  list: "!bg-fuchsia-500",
  messages: "!bg-sky-500",
  tool: "!bg-violet-600",
};

/** Port offsets as module-level objects: a new `style` object per render would re-render every Handle. */
const portStyles: CSSProperties[] = [];
const labelStyles: CSSProperties[] = [];
const portStyle = (i: number) => (portStyles[i] ??= { top: PORT_TOP + i * PORT_STEP });
const labelStyle = (i: number) => (labelStyles[i] ??= { top: 15 + i * 18 });

interface NodeCardProps {
  id: string;
  selected: boolean;
  definition: { title: string; inputs: readonly PortSpec[]; outputs: readonly PortSpec[] };
  label: string;
  summary: string;
  icon: string;
  problems?: string[];
  showOutput?: boolean;
  children?: ReactNode;
}

/**
 * The frame every node type shares: title, summary, typed ports, problems and live run state.
 * Memoized: callers pass stable `definition`, `problems` and `children`, so a card re-renders only
 * when what it shows changes (not while another node is dragged or the graph is re-validated).
 */
export const NodeCard = memo(function NodeCard({ id, selected, definition, label, summary, icon, problems, showOutput, children }: NodeCardProps) {
  const border = useNodeBorder(id);
  return (
    <div
      data-testid={`node-${id}`}
      className={`relative w-60 rounded-lg border-2 bg-white shadow-sm ${border} ${selected ? "ring-2 ring-indigo-400 ring-offset-1" : ""}`}
    >
      <div className="flex items-center gap-2 px-3 pt-2">
        <span aria-hidden className="text-base">
          {icon}
        </span>
        <div className={`min-w-0 flex-1 ${definition.outputs.length > 1 ? "pr-8" : ""}`}>
          <p className="truncate text-sm font-semibold">{label || definition.title}</p>
          <p className="truncate text-[11px] text-slate-500">
            {definition.title} · {id}
          </p>
        </div>
        {problems && problems.length > 0 ? (
          <span className="rounded-full bg-red-600 px-1.5 text-[11px] font-bold text-white" title={problems.join("\n")} data-testid="node-problem">
            !
          </span>
        ) : null}
      </div>
      <p className="truncate px-3 pb-2 text-xs text-slate-600">{summary}</p>
      {children}
      <NodeRunBadge nodeId={id} showOutput={showOutput} />
      {definition.inputs.map((port, i) => (
        <Handle
          key={port.id}
          type="target"
          id={port.id}
          position={Position.Left}
          title={`${port.label} (${port.type})`}
          className={`!h-3 !w-3 ${PORT_COLOURS[port.type] ?? ""}`}
          style={portStyle(i)}
        />
      ))}
      {definition.outputs.map((port, i) => (
        <Handle
          key={port.id}
          type="source"
          id={port.id}
          position={Position.Right}
          title={`${port.label} (${port.type})`}
          className={`!h-3 !w-3 ${port.id === "error" ? "!bg-red-500" : (PORT_COLOURS[port.type] ?? "")}`}
          style={portStyle(i)}
        />
      ))}
      {definition.inputs.length > 1
        ? definition.inputs.map((port, i) => (
            // Outside the card, just above the port's wire, so labels never cover the title.
            <span key={port.id} className="pointer-events-none absolute right-full mr-2 whitespace-nowrap text-[10px] leading-none text-slate-500" style={labelStyle(i)}>
              {port.label}
            </span>
          ))
        : null}
      {definition.outputs.length > 1
        ? definition.outputs.map((port, i) => (
            <span key={port.id} className={`pointer-events-none absolute left-full ml-2 whitespace-nowrap text-[10px] leading-none ${port.id === "error" ? "text-red-600" : "text-slate-500"}`} style={labelStyle(i)}>
              {port.label}
            </span>
          ))
        : null}
    </div>
  );
});
