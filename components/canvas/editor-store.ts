"use client";

import { applyEdgeChanges, applyNodeChanges, type Connection, type Edge, type EdgeChange, type NodeChange, type XYPosition } from "@xyflow/react";
import { createContext, useContext } from "react";
import { createStore, useStore, type StoreApi } from "zustand";
import { layeredLayout } from "@/lib/editor/auto-layout";
import { copySelection, pasteSelection } from "@/lib/editor/clipboard";
import { emptyHistory, record, redo, seal, undo, type History } from "@/lib/editor/history";
import type { FlowGraph } from "@/lib/flow/graph";
import { nodeDefinitions, type NodeType } from "@/lib/flow/node-types/index";
import { portIncompatibility } from "@/lib/flow/ports";
import { outputPortsOf } from "@/lib/flow/node-ports";
import type { RunEvent } from "@/lib/run/events";
import { applyRunEvent, emptyRunView, type RunView } from "@/lib/run/run-view";
import { toAnnotationNodes, toAnnotations, type AnnotationNode, type GroupNode } from "./annotation-nodes";
import { nextNodeId, toCanvasEdges, toCanvasNodes, toGraph, type CanvasNode } from "./graph-convert";

/** The editable graph: what undo and redo move between. */
export interface GraphSnapshot {
  nodes: CanvasNode[];
  edges: Edge[];
  annotations: AnnotationNode[];
}

export interface EditorState extends GraphSnapshot {
  flowId: string;
  /** Newest saved version of the flow. */
  version: number;
  /** Draft revision this editor's work is based on (autosave conflict detection). */
  revision: number;
  dirty: boolean;
  notice: string | null;
  run: { runId: string; view: RunView } | null;
  history: History<GraphSnapshot>;
  snapToGrid: boolean;
  onNodesChange: (changes: NodeChange<CanvasNode | AnnotationNode>[]) => void;
  onEdgesChange: (changes: EdgeChange[]) => void;
  /** Adds the edge, or returns why it is refused. */
  connect: (connection: Connection) => string | null;
  addNode: (type: NodeType, position: XYPosition) => string;
  updateNodeData: (id: string, data: CanvasNode["data"]) => void;
  removeNode: (id: string) => void;
  markSaved: (saved: { version?: number; revision?: number }) => void;
  setNotice: (notice: string | null) => void;
  watchRun: (runId: string) => void;
  applyRunEvent: (event: RunEvent) => void;
  graph: () => FlowGraph;
  undo: () => void;
  redo: () => void;
  /** Replaces the whole graph as one undoable step (import, restore, reload). */
  replaceGraph: (graph: FlowGraph, options?: { recordHistory?: boolean; dirty?: boolean }) => void;
  selectOnly: (ids: readonly string[]) => void;
  selectAll: () => void;
  deleteSelection: () => void;
  /** The selection as clipboard text, or null when nothing is selected. */
  copySelection: () => string | null;
  /** Adds clipboard content as new nodes, selected; returns why not when it cannot. */
  pasteText: (text: string, offset?: XYPosition) => string | null;
  duplicateSelection: () => void;
  addNote: (position: XYPosition) => string;
  updateNote: (id: string, text: string) => void;
  groupSelection: () => string | null;
  ungroup: (groupId: string) => void;
  renameGroup: (groupId: string, title: string) => void;
  toggleGroupCollapsed: (groupId: string) => void;
  autoLayout: () => void;
  setSnapToGrid: (on: boolean) => void;
}

const RECORDED_NODE_CHANGES = new Set(["position", "remove", "add", "replace"]);
const DELETE_KEY = "delete";
const PASTE_OFFSET = { x: 40, y: 40 };
const DEFAULT_SIZE = { width: 240, height: 110 };
const GROUP_PADDING = 30;

type SetState = StoreApi<EditorState>["setState"];
type GetState = StoreApi<EditorState>["getState"];

function snapshot(s: GraphSnapshot): GraphSnapshot {
  return { nodes: s.nodes, edges: s.edges, annotations: s.annotations };
}

/** Applies a graph change as one undo step (merged with the previous one when `key` matches). */
function change(set: SetState, get: GetState, patch: (s: EditorState) => Partial<GraphSnapshot>, key: string | null = null) {
  const s = get();
  set({ ...patch(s), history: record(s.history, snapshot(s), key, Date.now()), dirty: true });
}

function sizeOf(node: { width?: number; height?: number; measured?: { width?: number; height?: number } }) {
  return { width: node.width ?? node.measured?.width ?? DEFAULT_SIZE.width, height: node.height ?? node.measured?.height ?? DEFAULT_SIZE.height };
}

function absolutePosition(node: CanvasNode, annotations: readonly AnnotationNode[]): XYPosition {
  if (!node.parentId) return node.position;
  const parent = annotations.find((a) => a.id === node.parentId);
  return parent ? { x: node.position.x + parent.position.x, y: node.position.y + parent.position.y } : node.position;
}

function allIds(s: GraphSnapshot): string[] {
  return [...s.nodes.map((n) => n.id), ...s.annotations.map((a) => a.id)];
}

function deselected<T extends { selected?: boolean }>(items: T[]): T[] {
  return items.map((n) => (n.selected ? { ...n, selected: false } : n));
}

export function createEditorStore(init: { flowId: string; version: number; revision?: number; graph: FlowGraph }): StoreApi<EditorState> {
  return createStore<EditorState>()((set, get) => ({
    flowId: init.flowId,
    version: init.version,
    revision: init.revision ?? 0,
    nodes: toCanvasNodes(init.graph),
    edges: toCanvasEdges(init.graph),
    annotations: toAnnotationNodes(init.graph.annotations ?? []),
    dirty: false,
    notice: null,
    run: null,
    history: emptyHistory(),
    snapToGrid: false,

    onNodesChange: (changes) => {
      const s = get();
      const annotationIds = new Set(s.annotations.map((a) => a.id));
      const forAnnotations = changes.filter((c) => "id" in c && annotationIds.has(c.id)) as NodeChange<AnnotationNode>[];
      const forNodes = changes.filter((c) => !("id" in c) || !annotationIds.has(c.id)) as NodeChange<CanvasNode>[];
      const recorded = changes.filter((c) => RECORDED_NODE_CHANGES.has(c.type) || (c.type === "dimensions" && c.resizing));
      const next = {
        nodes: forNodes.length ? applyNodeChanges(forNodes, s.nodes) : s.nodes,
        annotations: forAnnotations.length ? applyNodeChanges(forAnnotations, s.annotations) : s.annotations,
      };
      // A removed group takes its members' parent link with it: they stay, where they were.
      const removedGroups = new Set(changes.filter((c) => c.type === "remove" && annotationIds.has(c.id)).map((c) => (c as { id: string }).id));
      if (removedGroups.size > 0) {
        next.nodes = next.nodes.map((n) => (n.parentId && removedGroups.has(n.parentId) ? { ...n, parentId: undefined, position: absolutePosition(n, s.annotations) } : n));
      }
      if (recorded.length === 0) return set(next);
      const moving = recorded.filter((c) => c.type === "position" || c.type === "dimensions");
      const removing = recorded.every((c) => c.type === "remove");
      const key = removing ? DELETE_KEY : moving.length === recorded.length ? `move:${moving.map((c) => (c as { id: string }).id).join(",")}` : null;
      set({ ...next, history: record(s.history, snapshot(s), key, Date.now()), dirty: true });
      if (removing) queueMicrotask(() => set({ history: seal(get().history) }));
      // A finished drag or resize ends its undo step.
      if (moving.some((c) => ("dragging" in c && c.dragging === false) || ("resizing" in c && c.resizing === false))) set({ history: seal(get().history) });
    },
    onEdgesChange: (changes) => {
      const recorded = changes.some((c) => c.type === "remove" || c.type === "add" || c.type === "replace");
      if (!recorded) return set((s) => ({ edges: applyEdgeChanges(changes, s.edges) }));
      const removing = changes.every((c) => c.type === "remove");
      change(set, get, (s) => ({ edges: applyEdgeChanges(changes, s.edges) }), removing ? DELETE_KEY : null);
      // React Flow removes a deleted node's edges, then the node, in one go: one undo step for both.
      if (removing) queueMicrotask(() => set({ history: seal(get().history) }));
    },
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
      change(set, get, (s) => ({ edges: [...s.edges, { id, source: c.source, sourceHandle: c.sourceHandle, target: c.target, targetHandle: c.targetHandle }] }));
      return null;
    },
    addNode: (type, position) => {
      const id = nextNodeId(type, allIds(get()).map((x) => ({ id: x })));
      const node = { id, type, position, data: nodeDefinitions[type].defaults(), selected: true } as CanvasNode;
      change(set, get, (s) => ({ nodes: [...deselected(s.nodes), node], annotations: deselected(s.annotations) }));
      return id;
    },
    updateNodeData: (id, data) => change(set, get, (s) => ({ nodes: s.nodes.map((n) => (n.id === id ? ({ ...n, data } as CanvasNode) : n)) }), `data:${id}`),
    removeNode: (id) =>
      change(set, get, (s) => ({ nodes: s.nodes.filter((n) => n.id !== id), edges: s.edges.filter((e) => e.source !== id && e.target !== id) })),
    markSaved: (saved) =>
      set((s) => ({ version: saved.version ?? s.version, revision: saved.revision ?? s.revision, dirty: false })),
    setNotice: (notice) => set({ notice }),
    watchRun: (runId) => set({ run: { runId, view: emptyRunView() } }),
    applyRunEvent: (event) =>
      set((s) => {
        if (!s.run) return {};
        const view = applyRunEvent(s.run.view, event);
        return view === s.run.view ? {} : { run: { runId: s.run.runId, view } };
      }),
    graph: () => toGraph(get().nodes, get().edges, toAnnotations(get().annotations)),

    undo: () => {
      const s = get();
      const step = undo(s.history, snapshot(s));
      if (step) set({ ...step.state, history: step.history, dirty: true });
    },
    redo: () => {
      const s = get();
      const step = redo(s.history, snapshot(s));
      if (step) set({ ...step.state, history: step.history, dirty: true });
    },
    replaceGraph: (graph, options = {}) => {
      const next = { nodes: toCanvasNodes(graph), edges: toCanvasEdges(graph), annotations: toAnnotationNodes(graph.annotations ?? []) };
      if (options.recordHistory === false) return set({ ...next, dirty: options.dirty ?? false });
      change(set, get, () => next);
      if (options.dirty === false) set({ dirty: false });
    },
    selectOnly: (ids) => {
      const wanted = new Set(ids);
      set((s) => ({
        nodes: s.nodes.map((n) => (!!n.selected === wanted.has(n.id) ? n : { ...n, selected: wanted.has(n.id) })),
        annotations: s.annotations.map((a) => (!!a.selected === wanted.has(a.id) ? a : { ...a, selected: wanted.has(a.id) })),
        edges: deselected(s.edges),
      }));
    },
    selectAll: () =>
      set((s) => ({
        nodes: s.nodes.map((n) => (n.selected ? n : { ...n, selected: true })),
        annotations: s.annotations.map((a) => (a.selected ? a : { ...a, selected: true })),
      })),
    deleteSelection: () => {
      const s = get();
      const gone = new Set([...s.nodes.filter((n) => n.selected).map((n) => n.id), ...s.annotations.filter((a) => a.selected).map((a) => a.id)]);
      const edgesGone = s.edges.some((e) => e.selected);
      if (gone.size === 0 && !edgesGone) return;
      change(set, get, (cur) => ({
        nodes: cur.nodes.filter((n) => !gone.has(n.id)).map((n) => (n.parentId && gone.has(n.parentId) ? { ...n, parentId: undefined, position: absolutePosition(n, cur.annotations) } : n)),
        annotations: cur.annotations.filter((a) => !gone.has(a.id)),
        edges: cur.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target)),
      }));
    },
    copySelection: () => {
      const s = get();
      const selected = new Set([...s.nodes.filter((n) => n.selected).map((n) => n.id), ...s.annotations.filter((a) => a.selected).map((a) => a.id)]);
      if (selected.size === 0) return null;
      const graph = s.graph();
      return copySelection({ nodes: graph.nodes, edges: graph.edges, annotations: graph.annotations ?? [] }, selected);
    },
    pasteText: (text, offset = PASTE_OFFSET) => {
      const pasted = pasteSelection(text, allIds(get()), offset);
      if (!pasted.ok) return pasted.error;
      const nodes = toCanvasNodes({ nodes: pasted.nodes }).map((n) => ({ ...n, selected: true }));
      const annotations = toAnnotationNodes(pasted.annotations).map((a) => ({ ...a, selected: true }));
      change(set, get, (s) => ({
        // Groups first: React Flow needs a parent before its children.
        annotations: [...deselected(s.annotations), ...annotations],
        nodes: [...deselected(s.nodes), ...nodes],
        edges: [...deselected(s.edges), ...toCanvasEdges({ edges: pasted.edges })],
      }));
      return null;
    },
    duplicateSelection: () => {
      const text = get().copySelection();
      if (text) get().pasteText(text);
    },
    addNote: (position) => {
      const id = nextNodeId("note", allIds(get()).map((x) => ({ id: x })));
      const note: AnnotationNode = { id, type: "note", position, width: 220, height: 140, zIndex: -1, data: { text: "" }, selected: true };
      change(set, get, (s) => ({ annotations: [...deselected(s.annotations), note], nodes: deselected(s.nodes) }));
      return id;
    },
    updateNote: (id, text) =>
      change(set, get, (s) => ({ annotations: s.annotations.map((a) => (a.id === id && a.type === "note" ? { ...a, data: { text } } : a)) }), `note:${id}`),
    groupSelection: () => {
      const s = get();
      const members = s.nodes.filter((n) => n.selected && !n.parentId);
      if (members.length === 0) return null;
      const boxes = members.map((n) => ({ ...n.position, ...sizeOf(n) }));
      const left = Math.min(...boxes.map((b) => b.x)) - GROUP_PADDING;
      const top = Math.min(...boxes.map((b) => b.y)) - GROUP_PADDING - 20;
      const right = Math.max(...boxes.map((b) => b.x + b.width)) + GROUP_PADDING;
      const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + GROUP_PADDING;
      const id = nextNodeId("group", allIds(s).map((x) => ({ id: x })));
      const group: GroupNode = { id, type: "group", position: { x: left, y: top }, width: right - left, height: bottom - top, zIndex: -1, data: { title: "Group", collapsed: false } };
      const memberIds = new Set(members.map((n) => n.id));
      change(set, get, (cur) => ({
        annotations: [group, ...cur.annotations],
        nodes: cur.nodes.map((n) => (memberIds.has(n.id) ? { ...n, parentId: id, position: { x: n.position.x - left, y: n.position.y - top } } : n)),
      }));
      return id;
    },
    ungroup: (groupId) =>
      change(set, get, (s) => ({
        nodes: s.nodes.map((n) => (n.parentId === groupId ? { ...n, parentId: undefined, position: absolutePosition(n, s.annotations) } : n)),
        annotations: s.annotations.filter((a) => a.id !== groupId),
      })),
    renameGroup: (groupId, title) =>
      change(set, get, (s) => ({ annotations: s.annotations.map((a) => (a.id === groupId && a.type === "group" ? { ...a, data: { ...a.data, title } } : a)) }), `group:${groupId}`),
    toggleGroupCollapsed: (groupId) =>
      change(set, get, (s) => ({
        annotations: s.annotations.map((a) => (a.id === groupId && a.type === "group" ? { ...a, data: { ...a.data, collapsed: !a.data.collapsed } } : a)),
      })),
    autoLayout: () => {
      const s = get();
      const free = s.nodes.filter((n) => !n.parentId);
      if (free.length === 0) return;
      const positions = layeredLayout(
        free.map((n) => ({ id: n.id, ...sizeOf(n) })),
        s.edges,
      );
      change(set, get, (cur) => ({ nodes: cur.nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)) }));
    },
    setSnapToGrid: (on) => set({ snapToGrid: on }),
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
