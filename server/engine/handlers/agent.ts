import { setTimeout as sleep } from "node:timers/promises";
import { renderTemplate } from "@/lib/flow/templates";
import { callCostNanoUsd } from "@/lib/models/cost";
import { findModel } from "@/lib/models/registry";
import { simulate } from "@/lib/models/simulator";
import type { NodeHandler } from "../handler-types";

export class ModelCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelCallError";
  }
}

export const runAgentNode: NodeHandler<"agent"> = async ({ node, runInputs, outputs, signal }) => {
  const { data } = node;
  const model = findModel(data.model);
  if (!model) throw new ModelCallError(`Unknown model "${data.model}"`);
  const scope = { inputs: runInputs, outputs };
  const systemPrompt = renderTemplate(data.systemPrompt, scope);
  const userPrompt = renderTemplate(data.userPrompt, scope);
  if (model.provider !== "simulator") throw new ModelCallError(`Provider ${model.provider} is not available in this build`);

  await sleep(data.simulator.latencyMs, undefined, { signal });
  if (data.simulator.failWith) throw new ModelCallError(`Simulator: ${data.simulator.failWith}`);
  const result = simulate({ systemPrompt, userPrompt, maxTokens: data.maxTokens, outputTokens: data.simulator.outputTokens });
  return {
    output: result.text,
    usage: {
      model: model.id,
      tokensIn: result.tokensIn,
      tokensOut: result.tokensOut,
      costNanoUsd: callCostNanoUsd(model, result.tokensIn, result.tokensOut),
    },
  };
};
