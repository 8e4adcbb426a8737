import { setTimeout as sleep } from "node:timers/promises";
import { renderTemplate } from "@/lib/flow/templates";
import { callCostNanoUsd } from "@/lib/models/cost";
import { findModel } from "@/lib/models/registry";
import { countTokens, simulate } from "@/lib/models/simulator";
import type { NodeHandler } from "../handler-types";
import { callModel } from "../models/provider-call";
import { NodeError } from "../node-error";

export const runAgentNode: NodeHandler<"agent"> = async ({ node, runInputs, outputs, signal, attempt, reserveBudget, loadCredential, emitPartial }) => {
  const { data } = node;
  const model = findModel(data.model);
  if (!model) throw new NodeError("client_error", `Unknown model "${data.model}"`);
  const scope = { inputs: runInputs, outputs };
  const systemPrompt = renderTemplate(data.systemPrompt, scope);
  const userPrompt = renderTemplate(data.userPrompt, scope);

  // The most this call can cost: the whole prompt in, every allowed token out.
  const maxOut = model.provider === "simulator" ? Math.min(data.maxTokens, data.simulator.outputTokens ?? data.maxTokens) : data.maxTokens;
  await reserveBudget(callCostNanoUsd(model, countTokens(`${systemPrompt}\n\n${userPrompt}`), maxOut), `this ${model.label} call`);

  if (model.provider === "simulator") {
    await sleep(data.simulator.latencyMs, undefined, { signal });
    if (data.simulator.failWith) throw new NodeError("other", `Simulator: ${data.simulator.failWith}`);
    if (attempt <= data.simulator.failFirst) {
      throw new NodeError(data.simulator.failKind, `Simulator: scripted ${data.simulator.failKind.replace("_", " ")} on attempt ${attempt}`);
    }
    const result = simulate({ systemPrompt, userPrompt, maxTokens: data.maxTokens, outputTokens: data.simulator.outputTokens });
    return {
      output: result.text,
      usage: { model: model.id, tokensIn: result.tokensIn, tokensOut: result.tokensOut, costNanoUsd: callCostNanoUsd(model, result.tokensIn, result.tokensOut) },
    };
  }

  const credential = await loadCredential(data.credentialId);
  if (credential.provider !== model.provider) {
    throw new NodeError("client_error", `The credential is for ${credential.provider}, but ${model.label} needs a ${model.provider} credential`);
  }
  const reply = await callModel({
    credential,
    provider: model.provider,
    modelName: model.provider === "openai-compatible" ? data.customModel : model.apiModel,
    system: systemPrompt,
    prompt: userPrompt,
    temperature: data.temperature,
    maxTokens: data.maxTokens,
    signal,
    onDelta: emitPartial,
  });
  return {
    output: reply.text,
    usage: { model: model.id, tokensIn: reply.tokensIn, tokensOut: reply.tokensOut, costNanoUsd: callCostNanoUsd(model, reply.tokensIn, reply.tokensOut) },
  };
};
