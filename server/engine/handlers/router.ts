import { setTimeout as sleep } from "node:timers/promises";
import { ROUTER_ANSWER_TOKENS, routerSystemPrompt } from "@/lib/flow/node-types/router";
import { renderTemplate } from "@/lib/flow/templates";
import { callCostNanoUsd } from "@/lib/models/cost";
import { findModel, type ModelInfo } from "@/lib/models/registry";
import { routeFromAnswer, simulateRoute } from "@/lib/models/simulated-router";
import { countTokens } from "@/lib/models/simulator";
import type { NodeContext, NodeHandler, NodeResult } from "../handler-types";
import { callProvider } from "../models/call-provider";
import { NodeError, nodeErrorFrom } from "../node-error";

const FALLBACK_ON = new Set(["server_error", "rate_limit", "timeout"]);

type Ctx = Parameters<NodeHandler<"router">>[0];

/** One routing call to `model`: the route it names, with the call's usage. */
async function route(ctx: Ctx, model: ModelInfo, credentialId: string, modelName: string, system: string, text: string): Promise<NodeResult> {
  const { data } = ctx.node;
  const passOn = ctx.incoming.length === 1 ? ctx.incoming[0] : ctx.incoming;
  await ctx.reserveBudget(callCostNanoUsd(model, countTokens(`${system}\n\n${text}`), ROUTER_ANSWER_TOKENS), `this ${model.label} routing call`);
  if (model.provider === "simulator") {
    await sleep(100, undefined, { signal: ctx.signal });
    const tokensIn = countTokens(`${system}\n\n${text}`);
    return { output: passOn, takenHandles: [simulateRoute(text, data.routes)], usage: { model: model.id, tokensIn, tokensOut: 1, costNanoUsd: callCostNanoUsd(model, tokensIn, 1) } };
  }
  const reply = await callProvider(ctx as NodeContext, { temperature: 0, maxTokens: ROUTER_ANSWER_TOKENS }, { model, credentialId, modelName }, system, text);
  const answer = String(reply.output);
  const chosen = routeFromAnswer(answer, data.routes);
  if (!chosen) throw new NodeError("other", `The model answered "${answer.slice(0, 100)}", which names none of the routes (${data.routes.map((r) => r.id).join(", ")})`);
  return { output: passOn, takenHandles: [chosen], usage: reply.usage };
}

/** Asks a model which named route the input belongs to, and sends the input down that port only; the fallback model answers when it fails. */
export const runRouterNode: NodeHandler<"router"> = async (ctx) => {
  const { data } = ctx.node;
  const model = findModel(data.model);
  if (!model) throw new NodeError("client_error", `Unknown model "${data.model}"`);
  const text = renderTemplate(data.text, { inputs: ctx.runInputs, outputs: ctx.outputs });
  const system = routerSystemPrompt(data.routes);
  try {
    return await route(ctx, model, data.credentialId, model.provider === "openai-compatible" ? data.customModel : model.apiModel, system, text);
  } catch (thrown) {
    const error = nodeErrorFrom(thrown);
    const fallback = data.fallbackModel ? findModel(data.fallbackModel) : undefined;
    if (!fallback || ctx.signal.aborted || !FALLBACK_ON.has(error.kind)) throw thrown;
    ctx.emitPartial(`[${model.label} failed (${error.message}); routing with ${fallback.label}]\n`);
    return route(ctx, fallback, data.fallbackCredentialId, fallback.apiModel, system, text);
  }
};
