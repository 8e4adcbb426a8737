import { flowGraphSchema, type FlowGraph } from "@/lib/flow/graph";

const MAX_ENTRIES = 500;
const cache = new Map<string, FlowGraph>();

/** Flow versions are immutable, so a parsed graph is loaded and validated once per process. */
export async function parseVersionGraph(versionId: string, load: () => Promise<unknown>): Promise<FlowGraph> {
  const hit = cache.get(versionId);
  if (hit) return hit;
  const graph = flowGraphSchema.parse(await load());
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(versionId, graph);
  return graph;
}
