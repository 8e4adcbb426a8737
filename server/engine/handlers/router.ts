import { setTimeout as sleep } from "node:timers/promises";
import { renderTemplate } from "@/lib/flow/templates";
import { callCostNanoUsd } from "@/lib/models/cost";
import { findModel } from "@/lib/models/registry";
import { routeFromAnswer, simulateRoute } from "@/lib/models/simulated-router";
import { countTokens } from "@/lib/models/simulator";
import type { NodeHandler } from "../handler-types";
import { callProvider } from "../models/call-provider";
import { NodeError } from "../node-error";

const ANSWER_TOKENS = 16;

/** Asks a model which named route the input belongs to, and sends the input down that port only. */
export const runRouterNode: NodeHandler<"router"> = async (ctx) => {
  const { data } = ctx.node;
  const model = findModel(data.model);
  if (!model) throw new NodeError("client_error", `Unknown model "${data.model}"`);
  const text = renderTemplate(data.text, { inputs: ctx.runInputs, outputs: ctx.outputs });
  const system = [
    "Classify the user's text into exactly one of these routes. Answer with the route name only.",
    ...data.routes.map((r) => `- ${r.id}${r.description ? `: ${r.description}` : ""}`),
  ].join("\n");
  const passOn = ctx.incoming.length === 1 ? ctx.incoming[0] : ctx.incoming;
  await ctx.reserveBudget(callCostNanoUsd(model, countTokens(`${system}\n\n${text}`), ANSWER_TOKENS), `this ${model.label} routing call`);

  if (model.provider === "simulator") {
    await sleep(100, undefined, { signal: ctx.signal });
    const route = simulateRoute(text, data.routes);
    const tokensIn = countTokens(`${system}\n\n${text}`);
    return { output: passOn, takenHandles: [route], usage: { model: model.id, tokensIn, tokensOut: 1, costNanoUsd: callCostNanoUsd(model, tokensIn, 1) } };
  }

  const reply = await callProvider(
    ctx,
    { temperature: 0, maxTokens: ANSWER_TOKENS },
    { model, credentialId: data.credentialId, modelName: model.provider === "openai-compatible" ? data.customModel : model.apiModel },
    system,
    text,
  );
  const answer = String(reply.output);
  const route = routeFromAnswer(answer, data.routes);
  if (!route) throw new NodeError("other", `The model answered "${answer.slice(0, 100)}", which names none of the routes (${data.routes.map((r) => r.id).join(", ")})`);
  return { output: passOn, takenHandles: [route], usage: reply.usage };
};
