import type { FlowGraph, FlowNode } from "@/lib/flow/graph";
import type { NodeType } from "@/lib/flow/node-types/index";
import type { OpenedCredential } from "../services/credentials";
import type { CircuitCheck } from "./models/provider-health";

export interface ProviderHealthPort {
  gateWaitMs(provider: string): Promise<number>;
  noteRateLimit(provider: string, retryAfterMs: number): Promise<void>;
  check(circuit: string): Promise<CircuitCheck>;
  recordSuccess(circuit: string): Promise<void>;
  recordFailure(circuit: string): Promise<void>;
}

export interface NodeUsage {
  model: string;
  tokensIn: number;
  tokensOut: number;
  costNanoUsd: number;
}

export interface NodeResult {
  output: unknown;
  usage?: NodeUsage;
  /** Output ports whose edges carry the result on; by default every port but "error". */
  takenHandles?: string[];
  /** Park the node as waiting for a person instead of settling it; `output` is kept for the decision. */
  waitForApproval?: { message: string };
  /** Park the node and start this flow as a child run; the child's end settles the node. */
  startChild?: { flowId: string; inputs: Record<string, string> };
  /** Park the node and run this flow once per item, `concurrency` at a time; the last item's end settles it. */
  startMap?: { flowId: string; itemInput: string; concurrency: number; count: number };
}

export interface NodeContext<TNode extends FlowNode = FlowNode> {
  runId: string;
  /** The run's workspace: the tenant, for sharing out worker resources fairly. */
  workspaceId: string;
  /** The flow version being run (e.g. for an agent to find the tools wired to it). */
  graph: FlowGraph;
  iteration: number;
  node: TNode;
  runInputs: Readonly<Record<string, string>>;
  /** Committed outputs of every finished node of the run, by node id. */
  outputs: Readonly<Record<string, unknown>>;
  /** Values arriving on this node's taken input edges, in edge order. */
  incoming: readonly unknown[];
  signal: AbortSignal;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
  /** Reserves budget for a model call before making it; throws a budget NodeError when it would not fit. */
  reserveBudget: (nanoUsd: number, what: string) => Promise<void>;
  /** A credential of the run's own workspace, decrypted for this call only. */
  loadCredential: (credentialId: string) => Promise<OpenedCredential>;
  /** Partial output as it streams; batched into run events. */
  emitPartial: (text: string) => void;
  /** Shared provider rate-limit gates and circuit breakers. */
  health: ProviderHealthPort;
}

export type NodeHandler<TType extends NodeType> = (ctx: NodeContext<Extract<FlowNode, { type: TType }>>) => Promise<NodeResult>;

/** A handler per node type; a node type without one fails the type check. */
export type NodeHandlers = { [K in NodeType]: NodeHandler<K> };
