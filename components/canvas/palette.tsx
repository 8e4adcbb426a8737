"use client";

import { useReactFlow } from "@xyflow/react";
import { nodeDefinitions, NODE_TYPES, type NodeType } from "@/lib/flow/node-types/index";
import { useEditor } from "./editor-store";
import { NODE_ICONS } from "./nodes/node-icons";

export const NODE_DRAG_MIME = "application/x-orchestra-node";


/** Node types to drag onto the canvas, or click to add at the centre of the view. */
export function Palette() {
  const addNode = useEditor((s) => s.addNode);
  const nodeCount = useEditor((s) => s.nodes.length);
  const { screenToFlowPosition } = useReactFlow();
  const groups = [...new Set(NODE_TYPES.map((t) => nodeDefinitions[t].group))];

  function addAtCentre(type: NodeType) {
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    const centre = pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : { x: 400, y: 300 };
    // Cascade left to right so nodes added by clicking do not pile up on each other.
    const at = screenToFlowPosition(centre);
    addNode(type, { x: at.x - 420 + (nodeCount % 4) * 280, y: at.y - 120 + (Math.floor(nodeCount / 4) % 4) * 150 });
  }

  return (
    <nav aria-label="Node palette" className="space-y-4">
      {groups.map((group) => (
        <div key={group}>
          <h3 className="mb-1 text-[11px] font-semibold uppercase tracking-wide text-slate-500">{group}</h3>
          <ul className="space-y-1">
            {NODE_TYPES.filter((t) => nodeDefinitions[t].group === group).map((type) => (
              <li key={type}>
                <button
                  type="button"
                  draggable
                  data-testid={`palette-${type}`}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(NODE_DRAG_MIME, type);
                    e.dataTransfer.effectAllowed = "move";
                  }}
                  onClick={() => addAtCentre(type)}
                  className="flex w-full cursor-grab items-start gap-2 rounded-md border border-slate-200 bg-white p-2 text-left hover:border-indigo-300 hover:bg-indigo-50"
                >
                  <span aria-hidden className="text-base">
                    {NODE_ICONS[type]}
                  </span>
                  <span>
                    <span className="block text-sm font-medium">{nodeDefinitions[type].title}</span>
                    <span className="block text-[11px] leading-snug text-slate-500">{nodeDefinitions[type].description}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
