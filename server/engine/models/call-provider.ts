import { setTimeout as sleep } from "node:timers/promises";
import { callCostNanoUsd } from "@/lib/models/cost";
import type { ModelInfo } from "@/lib/models/registry";
import type { NodeContext, NodeResult } from "../handler-types";
import { NodeError } from "../node-error";
import { modelProviderFetch } from "../../net/egress";
import { circuitId, gateId } from "./provider-health";
import { callModel, providerError } from "./provider-call";
import type { ToolSpec } from "../tools/tool-specs";

/** Waits up to this long in place for a provider's rate-limit gate; longer waits requeue the node instead. */
const MAX_INLINE_GATE_WAIT_MS = 5_000;

export interface ModelTarget {
  model: ModelInfo;
  credentialId: string;
  modelName: string;
}

export interface CallParams {
  temperature: number;
  maxTokens: number;
  tools?: ToolSpec[];
}

/**
 * One provider call behind its credential's rate-limit gate and the credential+model circuit
 * breaker: a 429 on one workspace's key holds only callers of that key, never another tenant's.
 */
export async function callProvider(ctx: NodeContext, params: CallParams, target: ModelTarget, systemPrompt: string, userPrompt: string): Promise<NodeResult> {
  const { model } = target;
  const credential = await ctx.loadCredential(target.credentialId);
  if (credential.provider === "http" || credential.provider !== model.provider) {
    throw new NodeError("client_error", `The credential is for ${credential.provider}, but ${model.label} needs a ${model.provider} credential`);
  }
  const gate = gateId(target.credentialId);
  const circuit = circuitId(target.credentialId, target.modelName);
  const wait = await ctx.health.gateWaitMs(gate);
  if (wait > MAX_INLINE_GATE_WAIT_MS) throw new NodeError("rate_limit", `${model.label} is rate-limiting this credential; waiting ${wait} ms`, wait);
  if (wait > 0) await sleep(wait, undefined, { signal: ctx.signal });
  const check = await ctx.health.check(circuit);
  if (check.state === "open") {
    const name = `${model.provider}@${credential.baseUrl ?? "default"}/${target.modelName}`;
    throw new NodeError("server_error", `Circuit open for ${name}: its recent calls failed; next probe in ${Math.ceil(check.msLeft / 1000)} s`, check.msLeft);
  }
  try {
    const reply = await callModel({
      credential,
      provider: credential.provider,
      modelName: target.modelName,
      system: systemPrompt,
      prompt: userPrompt,
      temperature: params.temperature,
      maxTokens: params.maxTokens,
      signal: ctx.signal,
      onDelta: ctx.emitPartial,
      tools: params.tools,
      fetch: modelProviderFetch(),
    });
    await ctx.health.recordSuccess(circuit);
    return {
      output: reply.text,
      usage: { model: model.id, tokensIn: reply.tokensIn, tokensOut: reply.tokensOut, costNanoUsd: callCostNanoUsd(model, reply.tokensIn, reply.tokensOut) },
    };
  } catch (thrown) {
    if (ctx.signal.aborted) throw thrown;
    const error = providerError(thrown);
    if (error.kind === "rate_limit") await ctx.health.noteRateLimit(gate, error.retryAfterMs ?? 1_000);
    if (error.kind === "server_error" || error.kind === "timeout") await ctx.health.recordFailure(circuit);
    throw error;
  }
}

