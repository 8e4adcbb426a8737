import { RUN_ONCE, type ExecutionSettings, type RetryPolicy } from "./execution-settings";
import type { FlowGraph, FlowNode } from "./graph";
import type { ChildFlowUse, ModelUse, NodeDefinition } from "./node-definition";
import { nodeDefinitions, type NodeType } from "./node-types/index";
import type { z } from "zod";

/**
 * What the engine and services ask of a node, answered from its catalogue entry: no caller
 * switches on a node's type.
 */

type AnyDefinition = NodeDefinition<string, z.ZodType>;

/** A node's definition with its callbacks typed over `unknown` data (the node's own data is passed). */
export function definitionOf(type: NodeType): AnyDefinition {
  return nodeDefinitions[type] as unknown as AnyDefinition;
}

/** Node types an agent can call as a tool; a registry typed over them fails tsc when one is missing. */
export type ToolCapableType = { [K in NodeType]: (typeof nodeDefinitions)[K]["tool"] extends undefined ? never : K }[NodeType];

export function isToolCapable(type: NodeType): type is ToolCapableType {
  return definitionOf(type).tool !== undefined;
}

export function callsModel(type: NodeType): boolean {
  return definitionOf(type).models !== undefined;
}

/** The models a node calls with its settings, or null. */
export function modelUseOf(node: Pick<FlowNode, "type" | "data">): ModelUse | null {
  return definitionOf(node.type).models?.(node.data) ?? null;
}

/** The flow a node runs as child runs (Sub-flow, Map), or null. */
export function childFlowOf(node: Pick<FlowNode, "type" | "data">): ChildFlowUse | null {
  return definitionOf(node.type).childFlow?.(node.data) ?? null;
}

export interface ExecutionPolicy {
  retry: RetryPolicy;
  timeoutMs: number;
  onFailure: ExecutionSettings["onFailure"];
  callsModel: boolean;
  /** The model answering when the node's own model fails (the handler switches within a try). */
  fallback?: { model: string; credentialId: string };
}

/** How one execution of a node is retried and timed out: its own settings, or its type's defaults. */
export function executionPolicyOf(node: Pick<FlowNode, "type" | "data">): ExecutionPolicy {
  const definition = definitionOf(node.type);
  const settings = definition.execution?.(node.data) ?? RUN_ONCE;
  const models = definition.models?.(node.data);
  return {
    retry: settings.retry,
    timeoutMs: settings.timeoutMs,
    onFailure: settings.onFailure,
    callsModel: models !== undefined,
    ...(models?.fallbackModel ? { fallback: { model: models.fallbackModel, credentialId: models.fallbackCredentialId } } : {}),
  };
}

/** Whether a node runs as soon as one of its inputs is taken (a Merge on "any" or "first"). */
export function startsOnFirstInput(node: Pick<FlowNode, "type" | "data">): boolean {
  return definitionOf(node.type).startsOnFirstInput?.(node.data) ?? false;
}

/** Whether a node, once it runs, wins a race: the branches into it still running are cancelled (a Merge on "first"). */
export function cancelsSlowerInputs(node: Pick<FlowNode, "type" | "data">): boolean {
  return definitionOf(node.type).cancelsSlowerInputs?.(node.data) ?? false;
}

/** Whether a waiting node is decided through its own Approve/Reject ports (else a waiting node is an escalation). */
export function isDecisionNode(type: NodeType): boolean {
  return definitionOf(type).decision === true;
}

/** Ids of the nodes whose outputs are the run's results. */
export function runResultIds(graph: Pick<FlowGraph, "nodes">): Set<string> {
  return new Set(graph.nodes.filter((n) => definitionOf(n.type).runResult === true).map((n) => n.id));
}

/** Whether the node declares the run's inputs (its input is the run's inputs). */
export function declaresRunInputs(type: NodeType): boolean {
  return definitionOf(type).runInputs !== undefined;
}

/** The run inputs the graph's nodes declare, in node order. */
export function declaredInputs(graph: Pick<FlowGraph, "nodes">): { name: string; label: string; required: boolean; defaultValue: string }[] {
  return graph.nodes.flatMap((n) => [...(definitionOf(n.type).runInputs?.(n.data) ?? [])]);
}
