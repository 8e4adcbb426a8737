import { setTimeout as sleep } from "node:timers/promises";
import type { AgentData } from "@/lib/flow/node-types/agent";
import { renderTemplate } from "@/lib/flow/templates";
import { callCostNanoUsd } from "@/lib/models/cost";
import { findModel, type ModelInfo } from "@/lib/models/registry";
import { countTokens, simulate } from "@/lib/models/simulator";
import type { NodeContext, NodeHandler, NodeResult } from "../handler-types";
import { callModel, providerError } from "../models/provider-call";
import { NodeError, nodeErrorFrom } from "../node-error";

/** Waits up to this long in place for a provider's rate-limit gate; longer waits requeue the node instead. */
const MAX_INLINE_GATE_WAIT_MS = 5_000;
const FALLBACK_ON = new Set(["server_error", "rate_limit", "timeout"]);

interface Target {
  model: ModelInfo;
  credentialId: string;
  modelName: string;
}

type Ctx = NodeContext<Extract<Parameters<NodeHandler<"agent">>[0]["node"], { type: "agent" }>>;

async function callSimulator(ctx: Ctx, data: AgentData, model: ModelInfo, systemPrompt: string, userPrompt: string): Promise<NodeResult> {
  await sleep(data.simulator.latencyMs, undefined, { signal: ctx.signal });
  if (data.simulator.failWith) throw new NodeError("other", `Simulator: ${data.simulator.failWith}`);
  if (ctx.attempt <= data.simulator.failFirst) {
    throw new NodeError(data.simulator.failKind, `Simulator: scripted ${data.simulator.failKind.replace("_", " ")} on attempt ${ctx.attempt}`);
  }
  const result = simulate({ systemPrompt, userPrompt, maxTokens: data.maxTokens, outputTokens: data.simulator.outputTokens });
  return {
    output: result.text,
    usage: { model: model.id, tokensIn: result.tokensIn, tokensOut: result.tokensOut, costNanoUsd: callCostNanoUsd(model, result.tokensIn, result.tokensOut) },
  };
}

/** One provider call behind the shared rate-limit gate and the model's circuit breaker. */
async function callProvider(ctx: Ctx, data: AgentData, target: Target, systemPrompt: string, userPrompt: string): Promise<NodeResult> {
  const { model } = target;
  const credential = await ctx.loadCredential(target.credentialId);
  if (credential.provider !== model.provider) {
    throw new NodeError("client_error", `The credential is for ${credential.provider}, but ${model.label} needs a ${model.provider} credential`);
  }
  const endpoint = `${model.provider}@${credential.baseUrl ?? "default"}`;
  const circuit = `${endpoint}/${target.modelName}`;
  const wait = await ctx.health.gateWaitMs(endpoint);
  if (wait > MAX_INLINE_GATE_WAIT_MS) throw new NodeError("rate_limit", `${model.label} is rate-limiting every caller; waiting ${wait} ms`, wait);
  if (wait > 0) await sleep(wait, undefined, { signal: ctx.signal });
  const check = await ctx.health.check(circuit);
  if (check.state === "open") throw new NodeError("server_error", `Circuit open for ${circuit}: its recent calls failed; next probe in ${Math.ceil(check.msLeft / 1000)} s`, check.msLeft);
  try {
    const reply = await callModel({
      credential,
      provider: credential.provider,
      modelName: target.modelName,
      system: systemPrompt,
      prompt: userPrompt,
      temperature: data.temperature,
      maxTokens: data.maxTokens,
      signal: ctx.signal,
      onDelta: ctx.emitPartial,
    });
    await ctx.health.recordSuccess(circuit);
    return {
      output: reply.text,
      usage: { model: model.id, tokensIn: reply.tokensIn, tokensOut: reply.tokensOut, costNanoUsd: callCostNanoUsd(model, reply.tokensIn, reply.tokensOut) },
    };
  } catch (thrown) {
    if (ctx.signal.aborted) throw thrown;
    const error = providerError(thrown);
    if (error.kind === "rate_limit") await ctx.health.noteRateLimit(endpoint, error.retryAfterMs ?? 1_000);
    if (error.kind === "server_error" || error.kind === "timeout") await ctx.health.recordFailure(circuit);
    throw error;
  }
}

async function callTarget(ctx: Ctx, data: AgentData, target: Target, systemPrompt: string, userPrompt: string): Promise<NodeResult> {
  const { model } = target;
  // The most this call can cost: the whole prompt in, every allowed token out.
  const maxOut = model.provider === "simulator" ? Math.min(data.maxTokens, data.simulator.outputTokens ?? data.maxTokens) : data.maxTokens;
  await ctx.reserveBudget(callCostNanoUsd(model, countTokens(`${systemPrompt}\n\n${userPrompt}`), maxOut), `this ${model.label} call`);
  if (model.provider === "simulator") return callSimulator(ctx, data, model, systemPrompt, userPrompt);
  return callProvider(ctx, data, target, systemPrompt, userPrompt);
}

export const runAgentNode: NodeHandler<"agent"> = async (ctx) => {
  const { data } = ctx.node;
  const model = findModel(data.model);
  if (!model) throw new NodeError("client_error", `Unknown model "${data.model}"`);
  const scope = { inputs: ctx.runInputs, outputs: ctx.outputs };
  const systemPrompt = renderTemplate(data.systemPrompt, scope);
  const userPrompt = renderTemplate(data.userPrompt, scope);
  const primary: Target = { model, credentialId: data.credentialId, modelName: model.provider === "openai-compatible" ? data.customModel : model.apiModel };
  try {
    return await callTarget(ctx, data, primary, systemPrompt, userPrompt);
  } catch (thrown) {
    const error = nodeErrorFrom(thrown);
    const fallback = data.fallbackModel ? findModel(data.fallbackModel) : undefined;
    if (!fallback || ctx.signal.aborted || !FALLBACK_ON.has(error.kind)) throw thrown;
    ctx.emitPartial(`[${model.label} failed (${error.message}); answering with ${fallback.label}]\n`);
    return callTarget(ctx, data, { model: fallback, credentialId: data.fallbackCredentialId, modelName: fallback.apiModel }, systemPrompt, userPrompt);
  }
};
