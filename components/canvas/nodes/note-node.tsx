"use client";

import { NodeResizer, type NodeProps } from "@xyflow/react";
import { memo, useState } from "react";
import Markdown from "react-markdown";
import { useEditor } from "../editor-store";
import type { NoteNode } from "../annotation-nodes";

/** A sticky note: markdown on the canvas, edited in place with a double-click. Never runs. */
export const NoteNodeView = memo(function NoteNodeView({ id, data, selected }: NodeProps<NoteNode>) {
  const updateNote = useEditor((s) => s.updateNote);
  const [editing, setEditing] = useState(false);
  return (
    <div
      className={`h-full w-full overflow-hidden rounded-md border bg-amber-50 shadow-sm ${selected ? "border-amber-500 ring-2 ring-amber-300" : "border-amber-300"}`}
      data-testid={`note-${id}`}
      onDoubleClick={() => setEditing(true)}
    >
      <NodeResizer isVisible={selected} minWidth={120} minHeight={60} lineClassName="!border-amber-400" handleClassName="!bg-amber-400" />
      {editing ? (
        <textarea
          autoFocus
          aria-label="Note text (markdown)"
          className="nodrag nowheel h-full w-full resize-none bg-transparent p-2 text-xs text-slate-800 outline-none"
          defaultValue={data.text}
          onChange={(e) => updateNote(id, e.target.value)}
          onBlur={() => setEditing(false)}
          onKeyDown={(e) => {
            if (e.key === "Escape") setEditing(false);
          }}
        />
      ) : (
        <div className="prose-note nowheel h-full overflow-auto p-2 text-xs text-slate-800" data-testid="note-text">
          {data.text ? <Markdown>{data.text}</Markdown> : <p className="text-amber-700/60">Double-click to write a note (markdown)</p>}
        </div>
      )}
    </div>
  );
});
