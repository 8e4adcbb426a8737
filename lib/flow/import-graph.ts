import { friendlyIssue, issuePath } from "./friendly-issues";
import { locateJsonError } from "./json-syntax";
import { flowGraphSchema, GRAPH_SCHEMA_VERSION, MAX_GRAPH_BYTES, type FlowGraph } from "./graph";

/**
 * Flow files: what Export writes and Import reads. Import accepts the exported file or a bare
 * graph ({ schemaVersion, nodes, edges }), checks it against the graph schema, and explains every
 * problem with where it is, so nothing half-valid ever reaches the canvas.
 */
export const FLOW_FILE_FORMAT = "orchestra.flow";

export interface FlowFile {
  format: typeof FLOW_FILE_FORMAT;
  name: string;
  exportedAt: string;
  graph: FlowGraph;
}

export function toFlowFile(name: string, graph: FlowGraph, exportedAt: Date = new Date()): FlowFile {
  return { format: FLOW_FILE_FORMAT, name, exportedAt: exportedAt.toISOString(), graph };
}

/** `<flow name>.json`, with the characters file systems refuse replaced. */
export function flowFileName(name: string): string {
  const safe = name.replace(/[\u0000-\u001f\\/:*?"<>|]+/g, "-").replace(/^[\s.-]+|[\s.-]+$/g, "").slice(0, 120);
  return `${safe || "flow"}.json`;
}

/** A JSON syntax error's place, to show the line with a caret under the column. */
export interface SyntaxExcerpt {
  line: number;
  column: number;
  text: string;
}

export type ImportResult =
  | { ok: true; graph: FlowGraph; name: string | null; nodes: number; edges: number }
  | { ok: false; title: string; problems: string[]; excerpt?: SyntaxExcerpt };

/** Problems listed at most; the rest are counted. */
export const MAX_LISTED_PROBLEMS = 50;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** "Imported 3 nodes and 2 edges" */
export function importSummary(result: { nodes: number; edges: number }): string {
  return `Imported ${plural(result.nodes, "node")} and ${plural(result.edges, "edge")}`;
}

function lineAndColumn(text: string, position: number): SyntaxExcerpt {
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  const lineStart = before.lastIndexOf("\n") + 1;
  const lineEnd = text.indexOf("\n", lineStart);
  const full = text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd).replace(/\r$/, "");
  const column = position - lineStart + 1;
  // Long lines (minified JSON) are cut around the column.
  if (full.length <= 120) return { line, column, text: full };
  const from = Math.max(0, column - 60);
  return { line, column: column - from + (from > 0 ? 1 : 0), text: `${from > 0 ? "…" : ""}${full.slice(from, from + 120)}${from + 120 < full.length ? "…" : ""}` };
}

function syntaxError(text: string): ImportResult {
  const found = locateJsonError(text) ?? { position: text.length, message: "Not valid JSON" };
  const excerpt = lineAndColumn(text, Math.min(found.position, text.length));
  return { ok: false, title: "This is not valid JSON", problems: [`Line ${excerpt.line}, column ${excerpt.column}: ${found.message}`], excerpt };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The graph inside an exported file, or the value itself when it already is one. */
function unwrap(value: Record<string, unknown>): { graph: unknown; name: string | null } {
  if (!("nodes" in value) && isObject(value.graph)) return { graph: value.graph, name: typeof value.name === "string" ? value.name : null };
  return { graph: value, name: null };
}

function nodeIdAt(graph: unknown, index: unknown): string | null {
  if (!isObject(graph) || !Array.isArray(graph.nodes) || typeof index !== "number") return null;
  const node: unknown = graph.nodes[index];
  return isObject(node) && typeof node.id === "string" && node.id ? node.id : null;
}

/** Parses pasted or uploaded text into a graph, or says, line by line, why it cannot. */
export function parseFlowImport(text: string): ImportResult {
  if (!text.trim()) return { ok: false, title: "Nothing to import", problems: ["The file or the pasted text is empty"] };
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_GRAPH_BYTES) {
    return { ok: false, title: "This file is too large", problems: [`It is ${(bytes / 1e6).toFixed(1)} MB; a flow can be at most ${MAX_GRAPH_BYTES / 1e6} MB`] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return syntaxError(text);
  }
  if (!isObject(value)) {
    return {
      ok: false,
      title: "This JSON is not a flow",
      problems: [`Expected an object with "nodes" and "edges" (or an exported flow file), found ${Array.isArray(value) ? "a list" : JSON.stringify(value)}`],
    };
  }
  const { graph, name } = unwrap(value);
  if (!isObject(graph) || (!("nodes" in graph) && !("edges" in graph))) {
    return { ok: false, title: "This JSON is not a flow", problems: ['Expected an object with "nodes" and "edges" (or an exported flow file with a "graph")'] };
  }
  // A hand-written graph may leave the version out; a different one is refused by the schema.
  const candidate = "schemaVersion" in graph ? graph : { schemaVersion: GRAPH_SCHEMA_VERSION, ...graph };
  const parsed = flowGraphSchema.safeParse(candidate);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const path = issuePath(issue);
      const id = issue.path[0] === "nodes" ? nodeIdAt(candidate, issue.path[1]) : null;
      const message = friendlyIssue(issue, candidate);
      return `${path ? `${path}: ` : ""}${message}${id && issue.path.length > 2 && issue.path[2] !== "id" ? ` (node "${id}")` : ""}`;
    });
    const listed = lines.slice(0, MAX_LISTED_PROBLEMS);
    if (lines.length > listed.length) listed.push(`…and ${lines.length - listed.length} more`);
    return { ok: false, title: `The flow has ${plural(lines.length, "problem")}`, problems: listed };
  }
  return { ok: true, graph: parsed.data, name, nodes: parsed.data.nodes.length, edges: parsed.data.edges.length };
}
