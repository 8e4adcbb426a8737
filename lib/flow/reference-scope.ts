import { nearestIn } from "./did-you-mean";
import type { FlowGraph } from "./graph";
import { ancestors, findCycle } from "./graph-walk";
import { nodeDefinitions } from "./node-types/index";
import { knownOutputSchema, schemaPathProblem, schemaPaths, type JsonSchema } from "./reference-paths";
import { formatPath, templateReferences } from "./templates";
import { dataEdges } from "./tools";

/**
 * What a node's {{ }} templates may refer to, for autocompletion and for flagging unknown
 * references while typing. The rules are validateForRun's, so the editor and Run agree.
 */
export interface ReferenceOption {
  /** The text between the braces, e.g. "input.topic", "agent_1.output" or "agent_1.output.items[0].title". */
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
  /** What the nodes' outputs are known to look like (JSON Schema), by node id, for checking paths. */
  outputSchemas?: ReadonlyMap<string, JsonSchema>;
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
  const outputSchemas = new Map<string, JsonSchema>();
  for (const node of graph.nodes) {
    const schema = knownOutputSchema(node);
    if (schema) outputSchemas.set(node.id, schema);
  }
  for (const id of [...reachable].sort()) {
    const node = byId.get(id);
    if (!node) continue;
    const title = nodeDefinitions[node.type].title;
    const label = (node.data as { label?: string }).label || title;
    options.push({ ref: `${id}.output`, kind: "node", label, detail: `Output of ${title}` });
    // An Input's fields are offered as {{input.name}} already.
    const schema = node.type === "input" ? undefined : outputSchemas.get(id);
    for (const path of schema ? schemaPaths(schema) : []) {
      options.push({ ref: `${id}.output${formatPath(path)}`, kind: "node", label, detail: `Field of ${title} output` });
    }
  }
  return { nodeId, options, inputNames, nodeIds: new Set(byId.keys()), upstream, outputSchemas };
}

function didYouMean(wrong: string, nearest: (wrong: string) => string | null): string {
  const best = nearest(wrong);
  return best !== null ? ` Did you mean {{${best}}}?` : "";
}

export interface ReferenceIssue {
  raw: string;
  message: string;
}

/** Each reference in `template` this node cannot use, once, with why. */
export function templateIssues(template: string, scope: ReferenceScope): ReferenceIssue[] {
  const issues: ReferenceIssue[] = [];
  const seen = new Set<string>();
  let nearest: ((wrong: string) => string | null) | null = null;
  const hint = (wrong: string) => didYouMean(wrong, (nearest ??= nearestIn(scope.options.map((o) => o.ref))));
  for (const ref of templateReferences(template)) {
    if (seen.has(ref.raw)) continue;
    seen.add(ref.raw);
    const shown = `{{${ref.raw}}}`;
    if (ref.kind === "invalid") {
      issues.push({ raw: ref.raw, message: `${shown} is not a reference: use {{input.name}} or {{node_id.output}}.${hint(ref.raw)}` });
    } else if (ref.kind === "input" && !scope.inputNames.has(ref.field)) {
      issues.push({ raw: ref.raw, message: `Unknown reference ${shown}: no run input is named "${ref.field}".${hint(ref.raw)}` });
    } else if (ref.kind === "node" && !scope.nodeIds.has(ref.nodeId)) {
      issues.push({ raw: ref.raw, message: `Unknown reference ${shown}: there is no node "${ref.nodeId}".${hint(ref.raw)}` });
    } else if (ref.kind === "node" && ref.nodeId === scope.nodeId) {
      issues.push({ raw: ref.raw, message: `${shown} is this node's own output; it can only use what arrives from upstream.` });
    } else if (ref.kind === "node" && scope.upstream && !scope.upstream.has(ref.nodeId)) {
      issues.push({ raw: ref.raw, message: `${shown}: ${ref.nodeId} is not upstream of this node; connect it first.` });
    } else if (ref.kind === "node" && ref.path) {
      const schema = scope.outputSchemas?.get(ref.nodeId);
      const problem = schema ? schemaPathProblem(schema, ref.path, `${ref.nodeId}.output`) : null;
      if (problem) issues.push({ raw: ref.raw, message: `${shown}: ${problem}` });
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
  if (!/^\s*[\w.[\]"']*$/.test(typed)) return null;
  return { start, query: typed.trim() };
}

/** Replaces the unfinished reference at `open` (and its rest after the caret) with `{{ref}}`. */
export function insertReference(text: string, caret: number, open: { start: number }, ref: string): { text: string; caret: number } {
  const rest = text.slice(caret);
  const tail = /^[\w.[\]"']*\s*\}\}/.exec(rest) ?? /^[\w.[\]"']*/.exec(rest);
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
