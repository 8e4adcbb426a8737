import { z } from "zod";
import { flowGraphSchema } from "@/lib/flow/graph";
import { templateReferences } from "@/lib/flow/templates";
import { callCostNanoUsd } from "@/lib/models/cost";
import { findModel } from "@/lib/models/registry";
import { countTokens } from "@/lib/models/simulator";
import type { Db } from "../db";
import { requireFlow } from "./access";
import { InvalidInputError } from "./errors";

export const estimateInputSchema = z.object({
  flowId: z.string().min(1),
  inputs: z.record(z.string().max(100), z.string().max(100_000)).default({}),
});

export interface NodeEstimate {
  nodeId: string;
  model: string;
  tokensIn: number;
  maxTokensOut: number;
  maxNanoUsd: number;
}

/**
 * An upper bound on what a run of the saved flow costs, before it runs: each model call's
 * prompt with the given inputs (upstream outputs counted at their maximum length) and every
 * allowed output token, priced from the model table.
 */
export async function estimateRunCost(db: Db, userId: string, input: z.infer<typeof estimateInputSchema>) {
  const flow = await requireFlow(db, userId, input.flowId, "viewer");
  if (flow.latestVersion === 0) throw new InvalidInputError("Save the flow first");
  const version = await db.flowVersion.findUniqueOrThrow({ where: { flowId_version: { flowId: flow.id, version: flow.latestVersion } } });
  const graph = flowGraphSchema.parse(version.graph);
  const maxOutputTokens = new Map<string, number>();
  for (const node of graph.nodes) if (node.type === "agent") maxOutputTokens.set(node.id, Math.min(node.data.maxTokens, node.data.simulator.outputTokens ?? node.data.maxTokens));

  const perNode: NodeEstimate[] = [];
  for (const node of graph.nodes) {
    if (node.type !== "agent") continue;
    const model = findModel(node.data.model);
    if (!model) continue;
    let tokensIn = 0;
    for (const text of [node.data.systemPrompt, node.data.userPrompt]) {
      let literal = text;
      for (const ref of templateReferences(text)) {
        const value = ref.kind === "input" && Object.hasOwn(input.inputs, ref.field) ? (input.inputs[ref.field] ?? "") : "";
        literal = literal.replace(`{{${ref.raw}}}`, () => value);
        if (ref.kind === "node") tokensIn += maxOutputTokens.get(ref.nodeId) ?? 0;
      }
      tokensIn += countTokens(literal);
    }
    const maxTokensOut = maxOutputTokens.get(node.id) ?? node.data.maxTokens;
    perNode.push({ nodeId: node.id, model: model.id, tokensIn, maxTokensOut, maxNanoUsd: callCostNanoUsd(model, tokensIn, maxTokensOut) });
  }
  return { maxNanoUsd: perNode.reduce((sum, n) => sum + n.maxNanoUsd, 0), perNode };
}
