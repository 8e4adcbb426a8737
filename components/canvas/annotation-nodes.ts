import type { Node } from "@xyflow/react";
import type { Annotation } from "@/lib/flow/graph";

export type NoteNode = Node<{ text: string }, "note">;
export type GroupNode = Node<{ title: string; collapsed: boolean }, "group">;
/** Sticky notes and groups as React Flow nodes: drawn on the canvas, never run. */
export type AnnotationNode = NoteNode | GroupNode;

export const COLLAPSED_GROUP_HEIGHT = 40;

export function toAnnotationNodes(annotations: readonly Annotation[]): AnnotationNode[] {
  return annotations.map((a): AnnotationNode =>
    a.kind === "note"
      ? { id: a.id, type: "note", position: a.position, width: a.size.width, height: a.size.height, zIndex: -1, data: { text: a.text } }
      : { id: a.id, type: "group", position: a.position, width: a.size.width, height: a.size.height, zIndex: -1, data: { title: a.title, collapsed: a.collapsed } },
  );
}

export function toAnnotations(nodes: readonly AnnotationNode[]): Annotation[] {
  return nodes.map((n): Annotation => {
    const position = { x: n.position.x, y: n.position.y };
    const size = { width: Math.round(n.width ?? n.measured?.width ?? 240), height: Math.round(n.height ?? n.measured?.height ?? 160) };
    return n.type === "note" ? { id: n.id, kind: "note", position, size, text: n.data.text } : { id: n.id, kind: "group", position, size, title: n.data.title, collapsed: n.data.collapsed };
  });
}
