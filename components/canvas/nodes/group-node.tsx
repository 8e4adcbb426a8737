"use client";

import { NodeResizer, type NodeProps } from "@xyflow/react";
import { memo, useState } from "react";
import { useEditor } from "../editor-store";
import type { GroupNode } from "../annotation-nodes";

/** A frame whose members move with it; collapsing hides them (and their edges) behind the title bar. */
export const GroupNodeView = memo(function GroupNodeView({ id, data, selected }: NodeProps<GroupNode>) {
  const toggle = useEditor((s) => s.toggleGroupCollapsed);
  const ungroup = useEditor((s) => s.ungroup);
  const rename = useEditor((s) => s.renameGroup);
  const members = useEditor((s) => s.nodes.reduce((n, node) => (node.parentId === id ? n + 1 : n), 0));
  const [editing, setEditing] = useState(false);
  return (
    <div
      className={`h-full w-full rounded-lg border-2 border-dashed ${data.collapsed ? "bg-indigo-50" : "bg-indigo-50/30"} ${selected ? "border-indigo-500" : "border-indigo-300"}`}
      data-testid={`group-${id}`}
      data-collapsed={data.collapsed}
    >
      {!data.collapsed ? <NodeResizer isVisible={selected} minWidth={160} minHeight={100} lineClassName="!border-indigo-400" handleClassName="!bg-indigo-400" /> : null}
      <div className="flex items-center gap-2 px-2 py-1.5 text-xs">
        <button
          type="button"
          className="nodrag rounded px-1 text-indigo-700 hover:bg-indigo-100"
          onClick={() => toggle(id)}
          aria-label={data.collapsed ? "Expand group" : "Collapse group"}
          aria-expanded={!data.collapsed}
        >
          {data.collapsed ? "▸" : "▾"}
        </button>
        {editing ? (
          <input
            autoFocus
            aria-label="Group title"
            className="nodrag min-w-0 flex-1 rounded border border-indigo-300 bg-white px-1 text-xs"
            defaultValue={data.title}
            onChange={(e) => rename(id, e.target.value)}
            onBlur={() => setEditing(false)}
            onKeyDown={(e) => {
              if (e.key === "Enter" || e.key === "Escape") setEditing(false);
            }}
          />
        ) : (
          <span className="min-w-0 flex-1 truncate font-semibold text-indigo-900" onDoubleClick={() => setEditing(true)} data-testid="group-title">
            {data.title || "Group"}
          </span>
        )}
        <span className="text-indigo-700/70">
          {members} node{members === 1 ? "" : "s"}
        </span>
        <button type="button" className="nodrag rounded px-1 text-indigo-700 hover:bg-indigo-100" onClick={() => ungroup(id)} aria-label="Ungroup">
          Ungroup
        </button>
      </div>
    </div>
  );
});
