"use client";

import { Background, ControlButton, Controls, MiniMap, ReactFlow, useReactFlow, type Connection, type Edge, type Node, type NodeChange, type NodeTypes } from "@xyflow/react";
import { useCallback, useMemo, useState, type DragEvent } from "react";
import { isNodeType } from "@/lib/flow/node-types/index";
import { COLLAPSED_GROUP_HEIGHT, type AnnotationNode } from "./annotation-nodes";
import { requestEditor } from "./commands/editor-events";
import { useEditor, useEditorApi } from "./editor-store";
import type { CanvasNode } from "./graph-convert";
import { GroupNodeView } from "./nodes/group-node";
import { canvasNodeTypes } from "./nodes/index";
import { NoteNodeView } from "./nodes/note-node";
import { NODE_DRAG_MIME } from "./palette";
import { edgeRunKey, withRunState } from "./run-edges";

/** Module-level so React Flow never sees a new object (which would remount every node). */
export const nodeTypes: NodeTypes = { ...canvasNodeTypes, note: NoteNodeView, group: GroupNodeView };
const SNAP_GRID: [number, number] = [16, 16];
// Constants, not inline objects: a new object per render makes React Flow update its whole store.
// includeHiddenNodes: fit every node by its declared size, not only the ones drawn (and so measured) so far.
const FIT_VIEW_OPTIONS = { maxZoom: 1, minZoom: 0.25, includeHiddenNodes: true };
const DEFAULT_VIEWPORT = { x: 0, y: 0, zoom: 1 };
const DELETE_KEYS = ["Delete", "Backspace"];
const PRO_OPTIONS = { hideAttribution: true };
const MULTI_SELECT_KEYS = ["Shift", "Meta", "Control"];

/** Groups first (React Flow needs a parent before its children), then notes, under the nodes; members of collapsed groups hidden. */
export function useDrawnNodes(): Node[] {
  const nodes = useEditor((s) => s.nodes);
  const annotations = useEditor((s) => s.annotations);
  return useMemo(() => {
    if (annotations.length === 0) return nodes;
    const collapsed = new Set(annotations.filter((a) => a.type === "group" && a.data.collapsed).map((a) => a.id));
    const groups = annotations.filter((a) => a.type === "group").map((g) => (collapsed.has(g.id) ? { ...g, height: COLLAPSED_GROUP_HEIGHT } : g));
    const visible = collapsed.size ? nodes.map((n) => (n.parentId && collapsed.has(n.parentId) ? { ...n, hidden: true } : n)) : nodes;
    return [...groups, ...annotations.filter((a) => a.type === "note"), ...visible];
  }, [nodes, annotations]);
}

export function FlowCanvas() {
  const drawnNodes = useDrawnNodes();
  const edges = useEditor((s) => s.edges);
  const runKey = useEditor((s) => edgeRunKey(s.edges, s.run?.view));
  const snapToGrid = useEditor((s) => s.snapToGrid);
  const store = useEditorApi();
  // Re-derived only when some edge's run state changes, not on every streamed event.
  const drawnEdges = useMemo(() => {
    const view = store.getState().run?.view;
    return withRunState(edges, view, runKey.startsWith("L"));
  }, [edges, runKey, store]);
  const onNodesChange = useEditor((s) => s.onNodesChange) as (changes: NodeChange[]) => void;
  const onEdgesChange = useEditor((s) => s.onEdgesChange);
  const connect = useEditor((s) => s.connect);
  const addNode = useEditor((s) => s.addNode);
  const setNotice = useEditor((s) => s.setNotice);
  const setSnapToGrid = useEditor((s) => s.setSnapToGrid);
  const autoLayout = useEditor((s) => s.autoLayout);
  const { screenToFlowPosition, fitView } = useReactFlow<CanvasNode | AnnotationNode>();
  // Fitting an empty canvas would re-centre the view as the first nodes are dropped, moving them.
  const [fitOnLoad] = useState(() => store.getState().nodes.length > 0);

  const onConnect = useCallback(
    (connection: Connection) => {
      const refusal = connect(connection);
      setNotice(refusal ? `Not connected: ${refusal}` : null);
    },
    [connect, setNotice],
  );

  // Deleting a group keeps its members (the store un-parents them); React Flow would delete them too.
  const onBeforeDelete = useCallback(async ({ nodes, edges }: { nodes: Node[]; edges: Edge[] }) => {
    const chosen = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
    return { nodes: nodes.filter((n) => chosen.has(n.id)), edges: edges.filter((e) => e.selected || chosen.has(e.source) || chosen.has(e.target)) };
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(NODE_DRAG_MIME);
      if (!isNodeType(type)) return;
      event.preventDefault();
      addNode(type, screenToFlowPosition({ x: event.clientX - 120, y: event.clientY - 30 }));
    },
    [addNode, screenToFlowPosition],
  );

  return (
    <div className="h-full w-full" onDragOver={(e) => e.preventDefault()} onDrop={onDrop} data-testid="canvas">
      <ReactFlow
        nodes={drawnNodes}
        edges={drawnEdges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onBeforeDelete={onBeforeDelete}
        fitView={fitOnLoad}
        fitViewOptions={FIT_VIEW_OPTIONS}
        defaultViewport={DEFAULT_VIEWPORT}
        deleteKeyCode={DELETE_KEYS}
        // Off-screen nodes and edges are not drawn: what keeps a 1,000-node flow smooth to pan.
        onlyRenderVisibleElements
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        selectionKeyCode="Shift"
        snapToGrid={snapToGrid}
        snapGrid={SNAP_GRID}
        minZoom={0.05}
        // A selected group would otherwise rise above every node and swallow their clicks.
        elevateNodesOnSelect={false}
        proOptions={PRO_OPTIONS}
      >
        <Background gap={16} />
        <Controls fitViewOptions={FIT_VIEW_OPTIONS}>
          <ControlButton onClick={() => (autoLayout(), setTimeout(() => void fitView({ maxZoom: 1, duration: 200 }), 50))} title="Auto-layout (Ctrl/Cmd+Shift+L)" aria-label="Auto-layout">
            <span className="text-[10px] font-bold text-slate-700">⇶</span>
          </ControlButton>
          <ControlButton onClick={() => setSnapToGrid(!snapToGrid)} title="Snap to grid (Shift+S)" aria-label="Snap to grid" aria-pressed={snapToGrid} className={snapToGrid ? "!bg-indigo-100" : ""}>
            <span className="text-[10px] font-bold text-slate-700">#</span>
          </ControlButton>
          <ControlButton onClick={() => requestEditor("shortcuts")} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">
            <span className="text-[11px] font-bold text-slate-700">?</span>
          </ControlButton>
        </Controls>
        <MiniMap pannable zoomable />
      </ReactFlow>
    </div>
  );
}
