import type { Annotation, FlowEdge, FlowGraph, FlowNode } from "./graph";
import { nodeDefinitions } from "./node-types/index";

/** How one node differs between two graphs (same id in both). */
export type NodeChange =
  | { kind: "type"; from: FlowNode["type"]; to: FlowNode["type"] }
  | { kind: "settings"; fields: string[] }
  | { kind: "moved" }
  | { kind: "group"; from: string | null; to: string | null };

export interface NodeRef {
  id: string;
  type: FlowNode["type"];
}
export interface ChangedNode extends NodeRef {
  changes: NodeChange[];
}

/** An edge kept under its id but attached to other ports. */
export interface ChangedEdge {
  id: string;
  before: FlowEdge;
  after: FlowEdge;
}

export type AnnotationField = "text" | "title" | "collapsed" | "moved" | "resized";
export interface AnnotationRef {
  id: string;
  kind: Annotation["kind"];
}
export interface ChangedAnnotation extends AnnotationRef {
  fields: AnnotationField[];
}

export interface GraphDiff {
  nodes: { added: NodeRef[]; removed: NodeRef[]; changed: ChangedNode[] };
  edges: { added: FlowEdge[]; removed: FlowEdge[]; changed: ChangedEdge[] };
  /** Sticky notes and groups. */
  annotations: { added: AnnotationRef[]; removed: AnnotationRef[]; changed: ChangedAnnotation[] };
}

/** Structural equality of JSON values; object key order does not matter. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  // A key holding `undefined` is absent once serialized, so it counts as absent here too.
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const ka = keys(ra);
  return ka.length === keys(rb).length && ka.every((k) => Object.hasOwn(rb, k) && jsonEqual(ra[k], rb[k]));
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

function samePosition(a: { x: number; y: number }, b: { x: number; y: number }): boolean {
  return a.x === b.x && a.y === b.y;
}

/** Settings keys whose values differ, in the order they appear (new keys first, then dropped ones). */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !Object.hasOwn(after, k))];
  return keys.filter((k) => !jsonEqual(before[k], after[k]));
}

function nodeChanges(before: FlowNode, after: FlowNode): NodeChange[] {
  const changes: NodeChange[] = [];
  if (before.type !== after.type) {
    // Settings of another type are all different; naming each says nothing more.
    changes.push({ kind: "type", from: before.type, to: after.type });
  } else {
    const fields = changedFields(before.data as Record<string, unknown>, after.data as Record<string, unknown>);
    if (fields.length) changes.push({ kind: "settings", fields });
  }
  if ((before.parentId ?? null) !== (after.parentId ?? null)) changes.push({ kind: "group", from: before.parentId ?? null, to: after.parentId ?? null });
  // Inside a group the position is relative to it, so a new group alone does not mean "moved".
  else if (!samePosition(before.position, after.position)) changes.push({ kind: "moved" });
  return changes;
}

function annotationFields(before: Annotation, after: Annotation): AnnotationField[] {
  const fields: AnnotationField[] = [];
  if (before.kind === "note" && after.kind === "note" && before.text !== after.text) fields.push("text");
  if (before.kind === "group" && after.kind === "group") {
    if (before.title !== after.title) fields.push("title");
    if (before.collapsed !== after.collapsed) fields.push("collapsed");
  }
  if (!samePosition(before.position, after.position)) fields.push("moved");
  if (before.size.width !== after.size.width || before.size.height !== after.size.height) fields.push("resized");
  return fields;
}

function sameEnds(a: FlowEdge, b: FlowEdge): boolean {
  return a.source === b.source && a.sourceHandle === b.sourceHandle && a.target === b.target && a.targetHandle === b.targetHandle;
}

/**
 * What changed going from `from` to `to`: nodes, edges, notes and groups matched by id. An
 * annotation that changed kind (a note id reused by a group) counts as removed and added.
 */
export function diffGraphs(from: FlowGraph, to: FlowGraph): GraphDiff {
  const diff: GraphDiff = {
    nodes: { added: [], removed: [], changed: [] },
    edges: { added: [], removed: [], changed: [] },
    annotations: { added: [], removed: [], changed: [] },
  };

  const nodesBefore = byId(from.nodes);
  const nodesAfter = byId(to.nodes);
  for (const node of to.nodes) {
    const before = nodesBefore.get(node.id);
    if (!before) {
      diff.nodes.added.push({ id: node.id, type: node.type });
      continue;
    }
    const changes = nodeChanges(before, node);
    if (changes.length) diff.nodes.changed.push({ id: node.id, type: node.type, changes });
  }
  for (const node of from.nodes) if (!nodesAfter.has(node.id)) diff.nodes.removed.push({ id: node.id, type: node.type });

  const edgesBefore = byId(from.edges);
  const edgesAfter = byId(to.edges);
  for (const edge of to.edges) {
    const before = edgesBefore.get(edge.id);
    if (!before) diff.edges.added.push(edge);
    else if (!sameEnds(before, edge)) diff.edges.changed.push({ id: edge.id, before, after: edge });
  }
  for (const edge of from.edges) if (!edgesAfter.has(edge.id)) diff.edges.removed.push(edge);

  const notesBefore = byId(from.annotations ?? []);
  const notesAfter = byId(to.annotations ?? []);
  for (const note of to.annotations ?? []) {
    const before = notesBefore.get(note.id);
    if (!before || before.kind !== note.kind) {
      diff.annotations.added.push({ id: note.id, kind: note.kind });
      continue;
    }
    const fields = annotationFields(before, note);
    if (fields.length) diff.annotations.changed.push({ id: note.id, kind: note.kind, fields });
  }
  for (const note of from.annotations ?? []) {
    const after = notesAfter.get(note.id);
    if (!after || after.kind !== note.kind) diff.annotations.removed.push({ id: note.id, kind: note.kind });
  }
  return diff;
}

export function countChanges(diff: GraphDiff): number {
  return [diff.nodes, diff.edges, diff.annotations].reduce((sum, part) => sum + part.added.length + part.removed.length + part.changed.length, 0);
}

export function isEmptyDiff(diff: GraphDiff): boolean {
  return countChanges(diff) === 0;
}

/** "agent_2 (Agent)" */
export function describeNode(node: NodeRef): string {
  return `${node.id} (${nodeDefinitions[node.type].title})`;
}

/** "input_1 → agent_1", naming ports only when they are not the plain out → in. */
export function describeEdge(edge: FlowEdge): string {
  const source = edge.sourceHandle === "out" ? edge.source : `${edge.source}.${edge.sourceHandle}`;
  const target = edge.targetHandle === "in" ? edge.target : `${edge.target}.${edge.targetHandle}`;
  return `${source} → ${target}`;
}

function describeOne(change: NodeChange): string {
  switch (change.kind) {
    case "type":
      return `type changed from ${nodeDefinitions[change.from].title} to ${nodeDefinitions[change.to].title}`;
    case "settings":
      return `settings changed (${change.fields.join(", ")})`;
    case "moved":
      return "moved";
    case "group":
      if (change.to === null) return `taken out of ${change.from}`;
      return change.from === null ? `moved into ${change.to}` : `moved from ${change.from} into ${change.to}`;
  }
}

/** "agent_1: settings changed (systemPrompt); moved" */
export function describeNodeChange(node: ChangedNode): string {
  return `${node.id}: ${node.changes.map(describeOne).join("; ")}`;
}

const ANNOTATION_FIELD_TEXT: Record<AnnotationField, string> = {
  text: "text changed",
  title: "renamed",
  collapsed: "collapsed or expanded",
  moved: "moved",
  resized: "resized",
};

export function describeAnnotation(note: AnnotationRef): string {
  return `${note.id} (${note.kind === "note" ? "note" : "group"})`;
}

/** "note_1: text changed, moved" */
export function describeAnnotationChange(note: ChangedAnnotation): string {
  return `${note.id}: ${note.fields.map((f) => ANNOTATION_FIELD_TEXT[f]).join(", ")}`;
}

/** The whole difference as lines a person reads, grouped as added, removed, changed. */
export function describeDiff(diff: GraphDiff): string[] {
  return [
    ...diff.nodes.added.map((n) => `Added node ${describeNode(n)}`),
    ...diff.nodes.removed.map((n) => `Removed node ${describeNode(n)}`),
    ...diff.nodes.changed.map((n) => `Changed ${describeNodeChange(n)}`),
    ...diff.edges.added.map((e) => `Added edge ${describeEdge(e)}`),
    ...diff.edges.removed.map((e) => `Removed edge ${describeEdge(e)}`),
    ...diff.edges.changed.map((e) => `Reconnected edge ${describeEdge(e.before)} to ${describeEdge(e.after)}`),
    ...diff.annotations.added.map((a) => `Added ${describeAnnotation(a)}`),
    ...diff.annotations.removed.map((a) => `Removed ${describeAnnotation(a)}`),
    ...diff.annotations.changed.map((a) => `Changed ${describeAnnotationChange(a)}`),
  ];
}
