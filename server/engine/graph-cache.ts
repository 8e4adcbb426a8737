import { flowGraphSchema, type FlowGraph } from "@/lib/flow/graph";

const MAX_ENTRIES = 500;
const cache = new Map<string, FlowGraph>();

/** Flow versions are immutable, so a parsed graph can be kept for as long as we like. */
export function parseVersionGraph(versionId: string, raw: unknown): FlowGraph {
  const hit = cache.get(versionId);
  if (hit) return hit;
  const graph = flowGraphSchema.parse(raw);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(versionId, graph);
  return graph;
}
