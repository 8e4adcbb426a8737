import { setTimeout as sleep } from "node:timers/promises";
import type { AgentData } from "@/lib/flow/node-types/agent";
import { renderTemplate } from "@/lib/flow/templates";
import { callCostNanoUsd } from "@/lib/models/cost";
import { findModel, type ModelInfo } from "@/lib/models/registry";
import { countTokens, simulate } from "@/lib/models/simulator";
import { sampleFromSchema } from "@/lib/models/json-sample";
import { createHashSeed, seededRandom } from "@/lib/models/seeded-random";
import { compileOutputSchema, outputSchemaErrors } from "@/lib/flow/json-output";
import type { NodeContext, NodeHandler, NodeResult } from "../handler-types";
import { callProvider, type ModelTarget } from "../models/call-provider";
import { callTool, toolSpecFor, type ToolSpec } from "../tools/tool-specs";
import { toolsOfAgent } from "@/lib/flow/tools";
import { addUsage, NodeError, nodeErrorFrom, withUsage } from "../node-error";

const FALLBACK_ON = new Set(["server_error", "rate_limit", "timeout"]);
const SIMULATED_CHUNK_MS = 100;

type Target = ModelTarget;

type Ctx = NodeContext<Extract<Parameters<NodeHandler<"agent">>[0]["node"], { type: "agent" }>>;

/** Streams the Simulator's text over its latency the way a provider streams tokens. */
async function streamSimulated(ctx: Ctx, text: string, latencyMs: number): Promise<void> {
  const words = text.split(/(?<=\s)/);
  const chunks = Math.max(1, Math.min(words.length, Math.floor(latencyMs / SIMULATED_CHUNK_MS)));
  const perChunk = Math.ceil(words.length / chunks);
  for (let i = 0; i < chunks; i++) {
    await sleep(latencyMs / chunks, undefined, { signal: ctx.signal });
    ctx.emitPartial(words.slice(i * perChunk, (i + 1) * perChunk).join(""));
  }
}

async function callSimulator(ctx: Ctx, data: AgentData, model: ModelInfo, systemPrompt: string, userPrompt: string): Promise<NodeResult> {
  const unlucky = data.simulator.failureRate > 0 && seededRandom(createHashSeed(`${ctx.runId}/${ctx.node.id}/${ctx.attempt}`))() < data.simulator.failureRate;
  const fails = !!data.simulator.failWith || ctx.attempt <= data.simulator.failFirst || unlucky;
  const result = simulate({ systemPrompt, userPrompt, maxTokens: data.maxTokens, outputTokens: data.simulator.outputTokens });
  const streams = !fails && data.outputFormat !== "json" && data.simulator.latencyMs >= SIMULATED_CHUNK_MS;
  if (streams) await streamSimulated(ctx, result.text, data.simulator.latencyMs);
  else await sleep(data.simulator.latencyMs, undefined, { signal: ctx.signal });
  if (data.simulator.failWith) throw new NodeError("other", `Simulator: ${data.simulator.failWith}`);
  if (fails) throw new NodeError(data.simulator.failKind, `Simulator: scripted ${data.simulator.failKind.replace("_", " ")} on attempt ${ctx.attempt}`);
  // Scripted tool use: the Simulator calls every connected tool once and reports what it got.
  const toolLines: string[] = [];
  for (const spec of toolSpecs(ctx)) {
    const value = await callTool(spec, spec.scriptedArgs(userPrompt), ctx.emitPartial);
    toolLines.push(`${spec.name} → ${JSON.stringify(value)}`);
  }
  if (toolLines.length > 0 && data.outputFormat !== "json") {
    const text = `${result.text}\nTools: ${toolLines.join("; ")}`;
    const tokensOut = countTokens(text);
    return { output: text, usage: { model: model.id, tokensIn: result.tokensIn, tokensOut, costNanoUsd: callCostNanoUsd(model, result.tokensIn, tokensOut) } };
  }
  if (data.outputFormat === "json") {
    const check = compileOutputSchema(data.outputSchema);
    const text = JSON.stringify(check.ok ? sampleFromSchema(check.schema, userPrompt) : {});
    const tokensOut = countTokens(text);
    return { output: text, usage: { model: model.id, tokensIn: result.tokensIn, tokensOut, costNanoUsd: callCostNanoUsd(model, result.tokensIn, tokensOut) } };
  }
  return {
    output: result.text,
    usage: { model: model.id, tokensIn: result.tokensIn, tokensOut: result.tokensOut, costNanoUsd: callCostNanoUsd(model, result.tokensIn, result.tokensOut) },
  };
}

async function callTarget(ctx: Ctx, data: AgentData, target: Target, systemPrompt: string, userPrompt: string): Promise<NodeResult> {
  const { model } = target;
  // The most this call can cost: the whole prompt in, every allowed token out.
  const maxOut = model.provider === "simulator" ? Math.min(data.maxTokens, data.simulator.outputTokens ?? data.maxTokens) : data.maxTokens;
  await ctx.reserveBudget(callCostNanoUsd(model, countTokens(`${systemPrompt}\n\n${userPrompt}`), maxOut), `this ${model.label} call`);
  let streamed = "";
  const counting: Ctx = { ...ctx, emitPartial: (text) => ((streamed += text), ctx.emitPartial(text)) };
  try {
    if (model.provider === "simulator") return await callSimulator(counting, data, model, systemPrompt, userPrompt);
    return await callProvider(counting, { temperature: data.temperature, maxTokens: data.maxTokens, tools: toolSpecs(counting) }, target, systemPrompt, userPrompt);
  } catch (thrown) {
    const error = nodeErrorFrom(thrown);
    if (error.usage || !streamed) throw error;
    // Cut short after the model began answering (a timeout, a dropped stream): what it sent was billed.
    const tokensIn = countTokens(`${systemPrompt}\n\n${userPrompt}`);
    const tokensOut = countTokens(streamed);
    throw withUsage(error, { model: model.id, tokensIn, tokensOut, costNanoUsd: callCostNanoUsd(model, tokensIn, tokensOut) });
  }
}

export const runAgentNode: NodeHandler<"agent"> = async (ctx) => {
  const { data } = ctx.node;
  const model = findModel(data.model);
  if (!model) throw new NodeError("client_error", `Unknown model "${data.model}"`);
  const scope = { inputs: ctx.runInputs, outputs: ctx.outputs };
  const schemaCheck = data.outputFormat === "json" ? compileOutputSchema(data.outputSchema) : null;
  if (schemaCheck && !schemaCheck.ok) throw new NodeError("client_error", schemaCheck.error);
  const jsonInstruction = schemaCheck?.ok ? `\n\nReply with only a JSON value (no prose, no code fences) matching this JSON Schema:\n${JSON.stringify(schemaCheck.schema)}` : "";
  const systemPrompt = renderTemplate(data.systemPrompt, scope) + jsonInstruction;
  const userPrompt = renderTemplate(data.userPrompt, scope);
  const primary: Target = { model, credentialId: data.credentialId, modelName: model.provider === "openai-compatible" ? data.customModel : model.apiModel };
  // A reply that fails its schema was still paid for: the error carries the call's usage.
  const asJson = (result: NodeResult): NodeResult => {
    if (!schemaCheck?.ok) return result;
    try {
      return { ...result, output: parseJsonReply(String(result.output), schemaCheck.validate) };
    } catch (thrown) {
      throw withUsage(nodeErrorFrom(thrown), result.usage);
    }
  };
  try {
    return asJson(await callTarget(ctx, data, primary, systemPrompt, userPrompt));
  } catch (thrown) {
    const error = nodeErrorFrom(thrown);
    const fallback = data.fallbackModel ? findModel(data.fallbackModel) : undefined;
    if (!fallback || ctx.signal.aborted || !FALLBACK_ON.has(error.kind)) throw error;
    ctx.emitPartial(`[${model.label} failed (${error.message}); answering with ${fallback.label}]\n`);
    // What the primary spent counts with the fallback's answer (or its failure).
    try {
      const answered = asJson(await callTarget(ctx, data, { model: fallback, credentialId: data.fallbackCredentialId, modelName: fallback.apiModel }, systemPrompt, userPrompt));
      return error.usage && answered.usage ? { ...answered, usage: addUsage(error.usage, answered.usage) } : answered;
    } catch (fallbackThrown) {
      const fallbackError = nodeErrorFrom(fallbackThrown);
      throw error.usage ? withUsage(fallbackError, error.usage) : fallbackError;
    }
  }
};

/** The nodes wired into this agent's tools port, as tools. */
function toolSpecs(ctx: Ctx): ToolSpec[] {
  return toolsOfAgent(ctx.graph, ctx.node.id).flatMap((n) => toolSpecFor(n, ctx) ?? []);
}

/** The reply as the JSON value the schema asks for (tolerating a code fence around it). */
function parseJsonReply(text: string, validate: Parameters<typeof outputSchemaErrors>[0]): unknown {
  const body = text.trim().replace(/^```(?:json)?\s*/i, "").replace(/\s*```$/, "");
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new NodeError("other", `The reply is not JSON: ${body.slice(0, 200)}`);
  }
  const errors = outputSchemaErrors(validate, value);
  if (errors) throw new NodeError("other", `The reply does not match the output schema: ${errors}`);
  return value;
}
