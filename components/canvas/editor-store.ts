"use client";

import { applyEdgeChanges, applyNodeChanges, type Connection, type Edge, type EdgeChange, type NodeChange, type XYPosition } from "@xyflow/react";
import { createContext, useContext } from "react";
import { createStore, useStore, type StoreApi } from "zustand";
import type { FlowGraph } from "@/lib/flow/graph";
import { nodeDefinitions, type NodeType } from "@/lib/flow/node-types/index";
import { portIncompatibility } from "@/lib/flow/ports";
import { outputPortsOf } from "@/lib/flow/node-ports";
import type { RunEvent } from "@/lib/run/events";
import { applyRunEvent, emptyRunView, type RunView } from "@/lib/run/run-view";
import { nextNodeId, toCanvasEdges, toCanvasNodes, toGraph, type CanvasNode } from "./graph-convert";

export interface EditorState {
  flowId: string;
  /** The saved version this draft is based on. */
  version: number;
  nodes: CanvasNode[];
  edges: Edge[];
  dirty: boolean;
  notice: string | null;
  run: { runId: string; view: RunView } | null;
  onNodesChange: (changes: NodeChange<CanvasNode>[]) => void;
  onEdgesChange: (changes: EdgeChange[]) => void;
  /** Adds the edge, or returns why it is refused. */
  connect: (connection: Connection) => string | null;
  addNode: (type: NodeType, position: XYPosition) => string;
  updateNodeData: (id: string, data: CanvasNode["data"]) => void;
  removeNode: (id: string) => void;
  markSaved: (version: number) => void;
  setNotice: (notice: string | null) => void;
  watchRun: (runId: string) => void;
  applyRunEvent: (event: RunEvent) => void;
  graph: () => FlowGraph;
}

const EDITING_CHANGES = new Set(["position", "remove", "add", "replace"]);

export function createEditorStore(flowId: string, version: number, graph: FlowGraph): StoreApi<EditorState> {
  return createStore<EditorState>()((set, get) => ({
    flowId,
    version,
    nodes: toCanvasNodes(graph),
    edges: toCanvasEdges(graph),
    dirty: false,
    notice: null,
    run: null,
    onNodesChange: (changes) =>
      set((s) => ({ nodes: applyNodeChanges(changes, s.nodes), dirty: s.dirty || changes.some((c) => EDITING_CHANGES.has(c.type)) })),
    onEdgesChange: (changes) =>
      set((s) => ({ edges: applyEdgeChanges(changes, s.edges), dirty: s.dirty || changes.some((c) => EDITING_CHANGES.has(c.type)) })),
    connect: (c) => {
      const { nodes, edges } = get();
      const source = nodes.find((n) => n.id === c.source);
      const target = nodes.find((n) => n.id === c.target);
      if (!source || !target) return "Connect two nodes";
      if (source.id === target.id) return "A node cannot feed itself";
      const out = outputPortsOf(source).find((p) => p.id === c.sourceHandle);
      const inp = nodeDefinitions[target.type].inputs.find((p) => p.id === c.targetHandle);
      if (!out || !inp) return "Connect an output (right side) to an input (left side)";
      const why = portIncompatibility(out.type, inp.type);
      if (why) return why;
      const same = (e: Edge) => e.source === c.source && e.sourceHandle === c.sourceHandle && e.target === c.target && e.targetHandle === c.targetHandle;
      if (edges.some(same)) return "These ports are already connected";
      let id = `e_${c.source}_${c.target}`;
      for (let i = 2; edges.some((e) => e.id === id); i++) id = `e_${c.source}_${c.target}_${i}`;
      set({ edges: [...edges, { id, source: c.source, sourceHandle: c.sourceHandle, target: c.target, targetHandle: c.targetHandle }], dirty: true });
      return null;
    },
    addNode: (type, position) => {
      const id = nextNodeId(type, get().nodes);
      const node = { id, type, position, data: nodeDefinitions[type].defaults() } as CanvasNode;
      set((s) => ({ nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), { ...node, selected: true }], dirty: true }));
      return id;
    },
    updateNodeData: (id, data) =>
      set((s) => ({ nodes: s.nodes.map((n) => (n.id === id ? ({ ...n, data } as CanvasNode) : n)), dirty: true })),
    removeNode: (id) =>
      set((s) => ({ nodes: s.nodes.filter((n) => n.id !== id), edges: s.edges.filter((e) => e.source !== id && e.target !== id), dirty: true })),
    markSaved: (savedVersion) => set({ version: savedVersion, dirty: false }),
    setNotice: (notice) => set({ notice }),
    watchRun: (runId) => set({ run: { runId, view: emptyRunView() } }),
    applyRunEvent: (event) =>
      set((s) => {
        if (!s.run) return {};
        const view = applyRunEvent(s.run.view, event);
        return view === s.run.view ? {} : { run: { runId: s.run.runId, view } };
      }),
    graph: () => toGraph(get().nodes, get().edges),
  }));
}

export const EditorStoreContext = createContext<StoreApi<EditorState> | null>(null);

/** Read the editor store with a narrow selector, so a component re-renders only for what it shows. */
export function useEditor<T>(selector: (state: EditorState) => T): T {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error("useEditor outside <EditorStoreContext>");
  return useStore(store, selector);
}

export function useEditorApi(): StoreApi<EditorState> {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error("useEditorApi outside <EditorStoreContext>");
  return store;
}
