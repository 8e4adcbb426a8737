import { z } from "zod";
import { childFlowOf } from "@/lib/flow/catalogue";
import { estimateFlow, type FlowCostEstimate } from "@/lib/flow/estimate";
import { flowGraphSchema, type FlowGraph } from "@/lib/flow/graph";
import { MAX_SUBFLOW_DEPTH } from "@/lib/flow/node-types/subflow";
import { renderTemplateWith } from "@/lib/flow/templates";
import { countTokens } from "@/lib/models/simulator";
import type { Db } from "../db";
import { requireFlow } from "./access";
import { InvalidInputError } from "./errors";

export const estimateInputSchema = z.object({
  flowId: z.string().min(1),
  inputs: z.record(z.string().max(100), z.string().max(100_000)).default({}),
});

export type { FlowCostEstimate, NodeCostEstimate } from "@/lib/flow/estimate";

/** Child flows loaded for one estimate at most; beyond it they are left out (and labelled so). */
const MAX_CHILD_FLOWS = 50;

/** The latest saved graphs of the workspace's flows that `graph` runs as children, level by level. */
async function loadChildGraphs(db: Db, workspaceId: string, graph: FlowGraph): Promise<Map<string, FlowGraph>> {
  const graphs = new Map<string, FlowGraph>();
  let frontier = [graph];
  for (let depth = 0; depth < MAX_SUBFLOW_DEPTH && frontier.length > 0; depth++) {
    const ids = [...new Set(frontier.flatMap((g) => g.nodes.map((n) => childFlowOf(n)?.flowId ?? "")))].filter((id) => id && !graphs.has(id));
    const wanted = ids.slice(0, Math.max(0, MAX_CHILD_FLOWS - graphs.size));
    if (wanted.length === 0) break;
    const flows = await db.flow.findMany({ where: { id: { in: wanted }, workspaceId, latestVersion: { gt: 0 } }, select: { id: true, latestVersion: true } });
    const versions = await db.flowVersion.findMany({
      where: { OR: flows.map((f) => ({ flowId: f.id, version: f.latestVersion })) },
      select: { flowId: true, graph: true },
    });
    frontier = [];
    for (const version of versions) {
      const parsed = flowGraphSchema.safeParse(version.graph);
      if (!parsed.success) continue;
      graphs.set(version.flowId, parsed.data);
      frontier.push(parsed.data);
    }
  }
  return graphs;
}

/**
 * Tokens a prompt template sends at most: its text with the given inputs put in as they are, plus
 * each referenced upstream output at its maximum length. Inputs are inserted literally (never as
 * `String.prototype.replace` patterns, where `$'` or `$&` in an input would multiply the prompt).
 */
export function promptTokensIn(template: string, inputs: Readonly<Record<string, string>>, maxOutputTokens: ReadonlyMap<string, number>): number {
  let upstreamTokens = 0;
  const literal = renderTemplateWith(template, (ref) => {
    if (ref.kind === "node") upstreamTokens += maxOutputTokens.get(ref.nodeId) ?? 0;
    return ref.kind === "input" && Object.hasOwn(inputs, ref.field) ? (inputs[ref.field] ?? "") : "";
  });
  return countTokens(literal) + upstreamTokens;
}

/**
 * An upper bound on what a run of the saved flow costs, before it runs (see lib/flow/estimate.ts):
 * child flows are estimated from their latest saved versions, nesting as deep as runs may.
 */
export async function estimateRunCost(db: Db, userId: string, input: z.infer<typeof estimateInputSchema>): Promise<FlowCostEstimate> {
  const flow = await requireFlow(db, userId, input.flowId, "viewer");
  if (flow.latestVersion === 0) throw new InvalidInputError("Save the flow first");
  const version = await db.flowVersion.findUniqueOrThrow({ where: { flowId_version: { flowId: flow.id, version: flow.latestVersion } } });
  const graph = flowGraphSchema.parse(version.graph);
  const children = await loadChildGraphs(db, flow.workspaceId, graph);

  // By depth and flow: each child flow is estimated at most once per nesting level.
  const estimates = new Map<string, FlowCostEstimate | null>();
  const childEstimate =
    (depth: number) =>
    (flowId: string): FlowCostEstimate | null => {
      const child = children.get(flowId);
      // Runs nest at most MAX_SUBFLOW_DEPTH deep; a cycle of flows ends there too.
      if (!child || depth >= MAX_SUBFLOW_DEPTH) return null;
      const key = `${depth}:${flowId}`;
      if (!estimates.has(key)) estimates.set(key, estimateFlow(child, { inputs: null, childEstimate: childEstimate(depth + 1) }));
      return estimates.get(key) ?? null;
    };
  return estimateFlow(graph, { inputs: input.inputs, childEstimate: childEstimate(0) });
}
