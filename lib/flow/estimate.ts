import { callCostNanoUsd } from "../models/cost";
import { findModel, type ModelInfo } from "../models/registry";
import { countTokens } from "../models/simulator";
import { childFlowOf, definitionOf, executionPolicyOf, modelUseOf } from "./catalogue";
import type { FlowGraph, FlowNode } from "./graph";
import { renderTemplateWith } from "./templates";
import { isToolEdge } from "./tools";

/**
 * The most a run can cost, before it runs, from the catalogue: every model call's prompt (run
 * inputs as given, upstream outputs at their longest, unknown lengths up to the model's context
 * window) and every allowed output token, times the attempts, plus the fallback model on each
 * attempt, plus the extra steps of an agent calling tools, plus child flows (× Map items).
 * Prompt tokens are counted as budgets are (about 4 characters a token).
 */

export interface NodeCostEstimate {
  nodeId: string;
  /** The node's model; empty for a node that only runs child flows. */
  model: string;
  /** The first call's prompt, in tokens. */
  tokensIn: number;
  maxTokensOut: number;
  /** Model calls at most (attempts × steps × models). */
  calls: number;
  maxNanoUsd: number;
  /** How the bound was reached where it is not plain: attempts, fallback, context-window caps. */
  notes: string[];
}

export interface FlowCostEstimate {
  maxNanoUsd: number;
  perNode: NodeCostEstimate[];
  /** What the figure leaves out, e.g. "sub-flows" when a child flow could not be estimated. */
  excludes: string[];
}

export interface EstimateOptions {
  /** The run inputs; null when unknown (a child flow's inputs come from its parent at run time). */
  inputs: Readonly<Record<string, string>> | null;
  /** A child flow's estimate, or null when it is not available (not loaded, too deep, a cycle). */
  childEstimate?: (flowId: string) => FlowCostEstimate | null;
}

/** Tokens of a template with its references filled in at their longest; null when one has no known bound. */
type PromptTokens = (template: string) => number | null;

/** A template as literal text (run inputs filled in) plus the tokens of the upstream results it holds. */
type PromptParts = (template: string) => { literal: string; upstreamTokens: number } | null;

function promptPartsFor(graph: Pick<FlowGraph, "nodes">, options: EstimateOptions): PromptParts {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const outputTokens = new Map<string, number | null>();
  const visiting = new Set<string>();
  const promptTokens: PromptTokens = (template) => {
    const parts = promptParts(template);
    return parts ? countTokens(parts.literal) + parts.upstreamTokens : null;
  };
  const outputOf = (nodeId: string): number | null => {
    if (outputTokens.has(nodeId)) return outputTokens.get(nodeId) ?? null;
    const node = byId.get(nodeId);
    if (!node || visiting.has(nodeId)) return null;
    visiting.add(nodeId);
    const tokens = definitionOf(node.type).maxOutputTokens?.(node.data, promptTokens) ?? null;
    visiting.delete(nodeId);
    outputTokens.set(nodeId, tokens);
    return tokens;
  };
  // Inputs go in literally and by own name only (an input named "constructor" is just a name).
  const promptParts: PromptParts = (template) => {
    let upstreamTokens = 0;
    let unknown = false;
    const literal = renderTemplateWith(template, (ref) => {
      if (ref.kind === "input") {
        if (options.inputs === null) unknown = true;
        return options.inputs !== null && Object.hasOwn(options.inputs, ref.field) ? (options.inputs[ref.field] ?? "") : "";
      }
      if (ref.kind === "node") {
        const upstream = outputOf(ref.nodeId);
        if (upstream === null) unknown = true;
        else upstreamTokens += upstream;
      }
      return "";
    });
    return unknown ? null : { literal, upstreamTokens };
  };
  return promptParts;
}

function callsCost(model: ModelInfo, firstTokensIn: number, maxOut: number, steps: number): number {
  // After the first step the conversation holds tool results of unknown length: up to the context window.
  return callCostNanoUsd(model, firstTokensIn, maxOut) + (steps - 1) * callCostNanoUsd(model, model.contextTokens, maxOut);
}

/** The worst case of one node, or null when it costs nothing by itself. */
export function nodeEstimate(node: FlowNode, ctx: { graph: Pick<FlowGraph, "nodes" | "edges">; promptParts: PromptParts; options: EstimateOptions }): NodeCostEstimate | null {
  const child = childFlowOf(node);
  if (child) {
    const estimate = child.flowId ? (ctx.options.childEstimate?.(child.flowId) ?? null) : null;
    if (!estimate) return null;
    const notes = child.maxRuns > 1 ? [`${child.maxRuns} child runs at most`] : [];
    return { nodeId: node.id, model: "", tokensIn: 0, maxTokensOut: 0, calls: 0, maxNanoUsd: child.maxRuns * estimate.maxNanoUsd, notes };
  }
  const use = modelUseOf(node);
  const model = use ? findModel(use.model) : undefined;
  if (!use || !model) return null;
  const notes: string[] = [];
  // Prompts are sent joined by a blank line; budgets count them that way too.
  const parts = use.prompts.map(ctx.promptParts);
  const unbounded = parts.some((p) => p === null);
  const known = parts.filter((p) => p !== null);
  const prompt = countTokens(known.map((p) => p.literal).join("\n\n")) + known.reduce((sum, p) => sum + p.upstreamTokens, 0);
  const tokensInFor = (m: ModelInfo) => (unbounded ? m.contextTokens : Math.min(prompt, m.contextTokens));
  if (unbounded) notes.push("prompt counted up to the model's context window (an input or upstream result has no fixed length)");
  const hasTools = ctx.graph.edges.some((e) => isToolEdge(e) && e.target === node.id);
  const steps = hasTools ? use.stepsWithTools : 1;
  if (steps > 1) notes.push(`up to ${steps} model steps with tools`);
  let perTry = callsCost(model, tokensInFor(model), use.maxTokensOut, steps);
  let callsPerTry = steps;
  const fallback = use.fallbackModel ? findModel(use.fallbackModel) : undefined;
  if (fallback) {
    perTry += callsCost(fallback, tokensInFor(fallback), use.maxTokensOut, steps);
    callsPerTry += steps;
    notes.push(`each attempt may also call the fallback ${fallback.label}`);
  }
  const attempts = executionPolicyOf(node).retry.attempts;
  if (attempts > 1) notes.push(`${attempts} attempts`);
  return { nodeId: node.id, model: model.id, tokensIn: tokensInFor(model), maxTokensOut: use.maxTokensOut, calls: attempts * callsPerTry, maxNanoUsd: attempts * perTry, notes };
}

export function estimateFlow(graph: Pick<FlowGraph, "nodes" | "edges">, options: EstimateOptions): FlowCostEstimate {
  const promptParts = promptPartsFor(graph, options);
  const perNode: NodeCostEstimate[] = [];
  const excludes = new Set<string>();
  for (const node of graph.nodes) {
    const estimate = nodeEstimate(node, { graph, promptParts, options });
    if (estimate) perNode.push(estimate);
    const child = childFlowOf(node);
    if (child) {
      const childEstimate = child.flowId ? (options.childEstimate?.(child.flowId) ?? null) : null;
      if (!childEstimate) excludes.add("sub-flows");
      else for (const what of childEstimate.excludes) excludes.add(what);
    }
  }
  return { maxNanoUsd: perNode.reduce((sum, n) => sum + n.maxNanoUsd, 0), perNode, excludes: [...excludes] };
}
