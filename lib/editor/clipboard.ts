import { z } from "zod";
import { annotationSchema, flowEdgeSchema, flowNodeSchema, type Annotation, type FlowEdge, type FlowNode } from "@/lib/flow/graph";

/** What the editor puts on the clipboard: the selection as flow JSON, recognisable by its kind. */
export const CLIPBOARD_KIND = "orchestra/selection";
export const clipboardSchema = z.object({
  kind: z.literal(CLIPBOARD_KIND),
  version: z.literal(1),
  nodes: z.array(flowNodeSchema).max(10_000),
  edges: z.array(flowEdgeSchema).max(20_000),
  annotations: z.array(annotationSchema).max(1_000).default([]),
});
export type ClipboardContent = z.infer<typeof clipboardSchema>;

export interface Selection {
  nodes: readonly FlowNode[];
  edges: readonly FlowEdge[];
  annotations: readonly Annotation[];
}

/** The selected nodes, notes and groups with the edges between them, as clipboard text. */
export function copySelection(graph: Selection, selectedIds: ReadonlySet<string>): string {
  const groups = new Set(graph.annotations.filter((a) => a.kind === "group" && selectedIds.has(a.id)).map((a) => a.id));
  // A copied group brings its members along.
  const nodes = graph.nodes.filter((n) => selectedIds.has(n.id) || (n.parentId !== undefined && groups.has(n.parentId)));
  const ids = new Set(nodes.map((n) => n.id));
  const content: ClipboardContent = {
    kind: CLIPBOARD_KIND,
    version: 1,
    nodes: nodes.map((n) => (n.parentId !== undefined && !groups.has(n.parentId) ? withoutParent(n, graph.annotations) : n)),
    edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    annotations: graph.annotations.filter((a) => selectedIds.has(a.id)),
  };
  return JSON.stringify(content);
}

/** A node leaving its group keeps its place on the canvas: its position becomes absolute. */
function withoutParent(node: FlowNode, annotations: readonly Annotation[]): FlowNode {
  const group = annotations.find((a) => a.id === node.parentId);
  const { parentId: _dropped, ...rest } = node;
  void _dropped;
  return { ...rest, position: group ? { x: node.position.x + group.position.x, y: node.position.y + group.position.y } : node.position } as FlowNode;
}

/** Rewrites `{{old_id.…}}` in a node's settings to the pasted nodes' new ids. */
function renameReferences<T>(data: T, rename: ReadonlyMap<string, string>): T {
  const changed = [...rename].filter(([from, to]) => from !== to);
  if (changed.length === 0) return data;
  let json = JSON.stringify(data);
  for (const [from, to] of changed) json = json.replace(new RegExp(`\\{\\{(\\s*)${from}\\.`, "g"), `{{$1${to}.`);
  return JSON.parse(json) as T;
}

export type PasteResult = { ok: true; nodes: FlowNode[]; edges: FlowEdge[]; annotations: Annotation[] } | { ok: false; error: string };

/** The id itself when it is free in the target flow, else the first free `<stem>_<n>`. */
function freshId(base: string, taken: Set<string>): string {
  if (!taken.has(base)) {
    taken.add(base);
    return base;
  }
  const stem = base.replace(/_\d+$/, "");
  let i = 1;
  while (taken.has(`${stem}_${i}`)) i++;
  const id = `${stem}_${i}`;
  taken.add(id);
  return id;
}

/**
 * Turns clipboard text into new nodes for this flow: fresh ids where they would collide, edges
 * rewired to them, everything shifted by `offset`. Anything else on the clipboard is refused.
 */
export function pasteSelection(text: string, existingIds: Iterable<string>, offset: { x: number; y: number }): PasteResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: "The clipboard does not hold Orchestra nodes" };
  }
  const parsed = clipboardSchema.safeParse(raw);
  if (!parsed.success) {
    const kind = (raw as { kind?: unknown } | null)?.kind;
    return { ok: false, error: kind === CLIPBOARD_KIND ? `The copied nodes are not valid: ${parsed.error.issues[0]?.message ?? "unknown problem"}` : "The clipboard does not hold Orchestra nodes" };
  }
  const copiedIds = new Set([...parsed.data.nodes.map((n) => n.id)]);
  const stray = parsed.data.edges.find((e) => !copiedIds.has(e.source) || !copiedIds.has(e.target));
  if (stray) return { ok: false, error: `The copied nodes are not valid: edge ${stray.id} connects a node that was not copied` };
  const groupIds = new Set(parsed.data.annotations.filter((a) => a.kind === "group").map((a) => a.id));
  const orphan = parsed.data.nodes.find((n) => n.parentId !== undefined && !groupIds.has(n.parentId));
  if (orphan) return { ok: false, error: `The copied nodes are not valid: ${orphan.id} belongs to a group that was not copied` };
  const taken = new Set(existingIds);
  const rename = new Map<string, string>();
  for (const item of [...parsed.data.annotations, ...parsed.data.nodes]) rename.set(item.id, freshId(item.id, taken));
  const shift = (p: { x: number; y: number }) => ({ x: p.x + offset.x, y: p.y + offset.y });
  const annotations = parsed.data.annotations.map((a) => ({ ...a, id: rename.get(a.id)!, position: shift(a.position) }));
  const nodes = parsed.data.nodes.map((n) => {
    const parentId = n.parentId !== undefined ? rename.get(n.parentId) : undefined;
    n = { ...n, data: renameReferences(n.data, rename) } as FlowNode;
    // Members of a pasted group move with the group; anything else moves by the offset.
    return { ...n, id: rename.get(n.id)!, parentId, position: parentId ? n.position : shift(n.position) } as FlowNode;
  });
  const edges = parsed.data.edges.map((e) => {
    const source = rename.get(e.source)!;
    const target = rename.get(e.target)!;
    return { ...e, id: `e_${source}_${target}_${e.sourceHandle}_${e.targetHandle}`, source, target };
  });
  return { ok: true, nodes: nodes.map((n) => (n.parentId === undefined ? dropUndefinedParent(n) : n)), edges, annotations };
}

function dropUndefinedParent(node: FlowNode): FlowNode {
  const { parentId: _dropped, ...rest } = node;
  void _dropped;
  return rest as FlowNode;
}

/** Top-left corner of what the clipboard holds (top-level items only), or null if it is not ours. */
export function clipboardBounds(text: string): { x: number; y: number } | null {
  try {
    const parsed = clipboardSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return null;
    const items = [...parsed.data.annotations, ...parsed.data.nodes.filter((n) => n.parentId === undefined)];
    if (items.length === 0) return null;
    return { x: Math.min(...items.map((i) => i.position.x)), y: Math.min(...items.map((i) => i.position.y)) };
  } catch {
    return null;
  }
}
