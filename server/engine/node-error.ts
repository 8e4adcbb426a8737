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
