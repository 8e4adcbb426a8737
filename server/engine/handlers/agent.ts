import { setTimeout as sleep } from "node:timers/promises";
import { renderTemplate } from "@/lib/flow/templates";
import { callCostNanoUsd } from "@/lib/models/cost";
import { findModel } from "@/lib/models/registry";
import { countTokens, simulate } from "@/lib/models/simulator";
import type { NodeHandler } from "../handler-types";
import { NodeError } from "../node-error";

export const runAgentNode: NodeHandler<"agent"> = async ({ node, runInputs, outputs, signal, attempt, reserveBudget }) => {
  const { data } = node;
  const model = findModel(data.model);
  if (!model) throw new NodeError("client_error", `Unknown model "${data.model}"`);
  const scope = { inputs: runInputs, outputs };
  const systemPrompt = renderTemplate(data.systemPrompt, scope);
  const userPrompt = renderTemplate(data.userPrompt, scope);
  if (model.provider !== "simulator") throw new NodeError("client_error", `Provider ${model.provider} is not available in this build`);

  // The most this call can cost: the whole prompt in, every allowed token out.
  const maxOut = Math.min(data.maxTokens, data.simulator.outputTokens ?? data.maxTokens);
  await reserveBudget(callCostNanoUsd(model, countTokens(`${systemPrompt}\n\n${userPrompt}`), maxOut), `this ${model.label} call`);

  await sleep(data.simulator.latencyMs, undefined, { signal });
  if (data.simulator.failWith) throw new NodeError("other", `Simulator: ${data.simulator.failWith}`);
  if (attempt <= data.simulator.failFirst) {
    throw new NodeError(data.simulator.failKind, `Simulator: scripted ${data.simulator.failKind.replace("_", " ")} on attempt ${attempt}`);
  }
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
