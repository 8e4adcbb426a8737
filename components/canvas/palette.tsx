"use client";

import { useReactFlow, useStoreApi, type XYPosition } from "@xyflow/react";
import { useCallback, useMemo, useState } from "react";
import type { NodeGroup } from "@/lib/flow/node-definition";
import { nodeDefinitions, NODE_TYPES, type NodeType } from "@/lib/flow/node-types/index";
import { useEditor } from "./editor-store";

export const NODE_DRAG_MIME = "application/x-orchestra-node";

/** Where each group appears; a Record, so a new group fails the type check until it is placed. */
const GROUP_RANK: Record<NodeGroup, number> = { Agents: 0, Tools: 1, Patterns: 2, Control: 3, "Input/Output": 4 };
const GROUP_ORDER = (Object.keys(GROUP_RANK) as NodeGroup[]).sort((a, b) => GROUP_RANK[a] - GROUP_RANK[b]);

/** Size of a node before React Flow has measured it, and the spacing of click-added nodes. */
const NODE_BOX = { width: 240, height: 100 };
// Room between cards for the port labels that sit outside them.
const SLOT_STEP = { x: 320, y: 150 };

function matches(type: NodeType, query: string): boolean {
  if (!query) return true;
  const d = nodeDefinitions[type];
  const haystack = `${d.title} ${d.description} ${type} ${type.replace(/_/g, " ")} ${d.group}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * Where a clicked node goes: the centre of the visible canvas if that is free, else the next free
 * place to its right (then the rows below), so clicking Input, Agent, Output lays them out in
 * reading order instead of piling them up.
 */
function freeSpotNear(centre: XYPosition, taken: readonly Box[]): XYPosition {
  const origin = { x: centre.x - NODE_BOX.width / 2, y: centre.y - NODE_BOX.height / 2 };
  for (let row = 0; row < 8; row++) {
    for (let col = 0; col < 12; col++) {
      const spot = { x: origin.x + col * SLOT_STEP.x, y: origin.y + row * SLOT_STEP.y };
      if (!taken.some((box) => overlaps(box, { ...spot, ...NODE_BOX }))) return spot;
    }
  }
  // A crowded canvas: cascade from the centre so at least no two nodes sit exactly on each other.
  let spot = origin;
  while (taken.some((box) => box.x === spot.x && box.y === spot.y)) spot = { x: spot.x + 24, y: spot.y + 24 };
  return spot;
}

function PaletteEntry({ type, onAdd }: { type: NodeType; onAdd: (type: NodeType) => void }) {
  const definition = nodeDefinitions[type];
  return (
    <li>
      <button
        type="button"
        draggable
        data-testid={`palette-${type}`}
        title={`Drag onto the canvas, or click to add ${definition.title} in the middle`}
        onDragStart={(e) => {
          e.dataTransfer.setData(NODE_DRAG_MIME, type);
          e.dataTransfer.effectAllowed = "move";
        }}
        onClick={() => onAdd(type)}
        className="group flex w-full cursor-grab items-start gap-2.5 rounded-md border border-slate-200 bg-white px-2 py-1.5 text-left shadow-xs transition-colors hover:border-indigo-300 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-500 active:cursor-grabbing"
      >
        <span
          aria-hidden
          className="mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded bg-slate-100 text-[15px] leading-none text-slate-700 group-hover:bg-indigo-100 group-hover:text-indigo-700"
        >
          {definition.icon}
        </span>
        <span className="min-w-0">
          <span className="block text-sm font-medium leading-5 text-slate-900">{definition.title}</span>
          <span className="block text-[11px] leading-snug text-slate-500">{definition.description}</span>
        </span>
      </button>
    </li>
  );
}

/**
 * Adds a node in the middle of the visible canvas, or beside what is already there, and pans to
 * it if it landed off-screen; returns its id. (The command palette's "Add …" can use it too.)
 */
export function useAddNodeInView(): (type: NodeType) => string {
  const addNode = useEditor((s) => s.addNode);
  const { setCenter } = useReactFlow();
  const flowStore = useStoreApi();
  return useCallback(
    (type: NodeType) => {
      const { width, height, transform, nodeLookup } = flowStore.getState();
      const [tx, ty, zoom] = transform;
      const centre = { x: (width / 2 - tx) / zoom, y: (height / 2 - ty) / zoom };
      const taken = [...nodeLookup.values()].map((n) => ({
        ...n.internals.positionAbsolute,
        width: n.measured.width ?? n.width ?? NODE_BOX.width,
        height: n.measured.height ?? n.height ?? NODE_BOX.height,
      }));
      const spot = freeSpotNear(centre, taken);
      const id = addNode(type, spot);
      // Bring it into view when the free place was off-screen.
      const visible = { x: -tx / zoom, y: -ty / zoom, width: width / zoom, height: height / zoom };
      const inside = spot.x >= visible.x && spot.y >= visible.y && spot.x + NODE_BOX.width <= visible.x + visible.width && spot.y + NODE_BOX.height <= visible.y + visible.height;
      if (!inside && width > 0) void setCenter(spot.x + NODE_BOX.width / 2, spot.y + NODE_BOX.height / 2, { zoom });
      return id;
    },
    [addNode, flowStore, setCenter],
  );
}

/** Node types to drag onto the canvas, or click to add in the middle of the view; searchable. */
export function Palette() {
  const add = useAddNodeInView();
  const [query, setQuery] = useState("");
  const trimmed = query.trim();

  const groups = useMemo(
    () => GROUP_ORDER.map((group) => ({ group, types: NODE_TYPES.filter((t) => nodeDefinitions[t].group === group && matches(t, trimmed)) })).filter((g) => g.types.length > 0),
    [trimmed],
  );

  const first = groups[0]?.types[0];
  return (
    <nav aria-label="Node palette" className="space-y-3">
      <div className="relative">
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && first) {
              e.preventDefault();
              add(first);
            } else if (e.key === "Escape" && query) {
              e.preventDefault();
              e.stopPropagation();
              setQuery("");
            }
          }}
          placeholder="Search nodes…"
          aria-label="Search nodes"
          aria-describedby="palette-search-help"
          className="w-full rounded-md border border-slate-300 bg-white py-1.5 pl-7 pr-2 text-sm shadow-xs placeholder:text-slate-400 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
        />
        <svg aria-hidden viewBox="0 0 16 16" className="pointer-events-none absolute left-2 top-1/2 h-3.5 w-3.5 -translate-y-1/2 text-slate-400" fill="none" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round">
          <circle cx="7" cy="7" r="4.5" />
          <path d="m10.5 10.5 3.5 3.5" />
        </svg>
        <p id="palette-search-help" className="sr-only">
          Enter adds the first match to the canvas.
        </p>
      </div>
      {groups.length === 0 ? (
        <div className="rounded-md border border-dashed border-slate-300 p-3 text-center text-xs text-slate-500" role="status">
          <p>No node matches “{trimmed}”.</p>
          <button type="button" onClick={() => setQuery("")} className="mt-1 font-medium text-indigo-700 hover:underline">
            Show all nodes
          </button>
        </div>
      ) : (
        groups.map(({ group, types }) => (
          <section key={group} aria-labelledby={`palette-group-${group}`}>
            <h3 id={`palette-group-${group}`} className="mb-1 text-[11px] font-semibold uppercase tracking-wide text-slate-500">
              {group}
            </h3>
            <ul className="space-y-1">
              {types.map((type) => (
                <PaletteEntry key={type} type={type} onAdd={add} />
              ))}
            </ul>
          </section>
        ))
      )}
      {trimmed ? null : <p className="px-1 text-[11px] leading-snug text-slate-400">Drag a node onto the canvas, or click it to add it in the middle of the view.</p>}
    </nav>
  );
}
