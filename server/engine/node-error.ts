import type { NodeUsage } from "./handler-types";

/** Why a node failed, which decides whether it is retried and how the run ends. */
export type NodeErrorKind = "timeout" | "rate_limit" | "server_error" | "client_error" | "budget" | "cancelled" | "other";

export class NodeError extends Error {
  constructor(
    readonly kind: NodeErrorKind,
    message: string,
    /** A provider's Retry-After, when it gave one. */
    readonly retryAfterMs?: number,
    /** What the failed try had spent (tokens of a reply that then failed its checks); it counts toward the run's cost. */
    readonly usage?: NodeUsage,
  ) {
    super(message);
    this.name = "NodeError";
  }
}

/** The same error, carrying what its try spent (added to what it already carried). */
export function withUsage(error: NodeError, usage: NodeUsage | undefined): NodeError {
  if (!usage) return error;
  return new NodeError(error.kind, error.message, error.retryAfterMs, addUsage(error.usage, usage));
}

export function addUsage(a: NodeUsage | undefined, b: NodeUsage): NodeUsage {
  if (!a) return b;
  return { model: b.model || a.model, tokensIn: a.tokensIn + b.tokensIn, tokensOut: a.tokensOut + b.tokensOut, costNanoUsd: a.costNanoUsd + b.costNanoUsd };
}

export function nodeErrorFrom(error: unknown): NodeError {
  if (error instanceof NodeError) return error;
  if (error instanceof Error) return new NodeError("other", error.message || error.name);
  return new NodeError("other", String(error));
}

/** Maps an HTTP status from a provider or endpoint to an error kind. */
export function kindForStatus(status: number): NodeErrorKind {
  if (status === 429) return "rate_limit";
  if (status === 408) return "timeout";
  if (status >= 500) return "server_error";
  return "client_error";
}
