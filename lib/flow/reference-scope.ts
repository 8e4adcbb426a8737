import type { FlowGraph } from "./graph";
import { ancestors, findCycle } from "./graph-walk";
import { nodeDefinitions } from "./node-types/index";
import { templateReferences } from "./templates";
import { dataEdges } from "./tools";

/**
 * What a node's {{ }} templates may refer to, for autocompletion and for flagging unknown
 * references while typing. The rules are validateForRun's, so the editor and Run agree.
 */
export interface ReferenceOption {
  /** The text between the braces, e.g. "input.topic" or "agent_1.output". */
  ref: string;
  kind: "input" | "node";
  /** What a person calls it: the field's or node's label. */
  label: string;
  /** Where it comes from, e.g. "Run input" or "Output of Agent". */
  detail: string;
}

export interface ReferenceScope {
  nodeId: string;
  options: ReferenceOption[];
  inputNames: ReadonlySet<string>;
  nodeIds: ReadonlySet<string>;
  /** Nodes upstream of this one; null when the graph has a cycle (Run reports that instead). */
  upstream: ReadonlySet<string> | null;
}

export function referenceScope(graph: Pick<FlowGraph, "nodes" | "edges">, nodeId: string): ReferenceScope {
  const edges = dataEdges(graph);
  const cycle = findCycle({ nodes: graph.nodes, edges });
  const upstream = cycle ? null : ancestors(edges, nodeId);
  const options: ReferenceOption[] = [];
  const inputNames = new Set<string>();
  for (const node of graph.nodes) {
    if (node.type !== "input") continue;
    for (const field of node.data.fields) {
      if (inputNames.has(field.name)) continue;
      inputNames.add(field.name);
      options.push({ ref: `input.${field.name}`, kind: "input", label: field.label || field.name, detail: "Run input" });
    }
  }
  const reachable = upstream ?? new Set(graph.nodes.map((n) => n.id).filter((id) => id !== nodeId));
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const id of [...reachable].sort()) {
    const node = byId.get(id);
    if (!node) continue;
    const title = nodeDefinitions[node.type].title;
    const label = (node.data as { label?: string }).label || title;
    options.push({ ref: `${id}.output`, kind: "node", label, detail: `Output of ${title}` });
  }
  return { nodeId, options, inputNames, nodeIds: new Set(byId.keys()), upstream };
}

/** Edit distance, for "did you mean"; small strings only. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

function didYouMean(wrong: string, options: readonly ReferenceOption[]): string {
  let best: { ref: string; d: number } | null = null;
  for (const option of options) {
    const d = distance(wrong.toLowerCase(), option.ref.toLowerCase());
    if (d <= 2 && (!best || d < best.d)) best = { ref: option.ref, d };
  }
  return best ? ` Did you mean {{${best.ref}}}?` : "";
}

export interface ReferenceIssue {
  raw: string;
  message: string;
}

/** Each reference in `template` this node cannot use, once, with why. */
export function templateIssues(template: string, scope: ReferenceScope): ReferenceIssue[] {
  const issues: ReferenceIssue[] = [];
  const seen = new Set<string>();
  for (const ref of templateReferences(template)) {
    if (seen.has(ref.raw)) continue;
    seen.add(ref.raw);
    const shown = `{{${ref.raw}}}`;
    if (ref.kind === "invalid") {
      issues.push({ raw: ref.raw, message: `${shown} is not a reference: use {{input.name}} or {{node_id.output}}.${didYouMean(ref.raw, scope.options)}` });
    } else if (ref.kind === "input" && !scope.inputNames.has(ref.field)) {
      issues.push({ raw: ref.raw, message: `Unknown reference ${shown}: no run input is named "${ref.field}".${didYouMean(ref.raw, scope.options)}` });
    } else if (ref.kind === "node" && !scope.nodeIds.has(ref.nodeId)) {
      issues.push({ raw: ref.raw, message: `Unknown reference ${shown}: there is no node "${ref.nodeId}".${didYouMean(ref.raw, scope.options)}` });
    } else if (ref.kind === "node" && ref.nodeId === scope.nodeId) {
      issues.push({ raw: ref.raw, message: `${shown} is this node's own output; it can only use what arrives from upstream.` });
    } else if (ref.kind === "node" && scope.upstream && !scope.upstream.has(ref.nodeId)) {
      issues.push({ raw: ref.raw, message: `${shown}: ${ref.nodeId} is not upstream of this node; connect it first.` });
    }
  }
  return issues;
}

/** An unfinished `{{…` just before the caret: where it starts and what has been typed after the braces. */
export function openReferenceAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf("{{");
  if (start === -1) return null;
  const typed = before.slice(start + 2);
  if (!/^\s*[\w.]*$/.test(typed)) return null;
  return { start, query: typed.trim() };
}

/** Replaces the unfinished reference at `open` (and its rest after the caret) with `{{ref}}`. */
export function insertReference(text: string, caret: number, open: { start: number }, ref: string): { text: string; caret: number } {
  const rest = text.slice(caret);
  const tail = /^[\w.]*\s*\}\}/.exec(rest) ?? /^[\w.]*/.exec(rest);
  const end = caret + (tail?.[0].length ?? 0);
  const inserted = `{{${ref}}}`;
  return { text: text.slice(0, open.start) + inserted + text.slice(end), caret: open.start + inserted.length };
}

/** Options matching what was typed: the ones starting with it first, then the ones containing it. */
export function matchReferences(options: readonly ReferenceOption[], query: string): ReferenceOption[] {
  const q = query.toLowerCase();
  if (!q) return [...options];
  const starts = options.filter((o) => o.ref.toLowerCase().startsWith(q));
  const contains = options.filter((o) => !starts.includes(o) && (o.ref.toLowerCase().includes(q) || o.label.toLowerCase().includes(q)));
  return [...starts, ...contains];
}
