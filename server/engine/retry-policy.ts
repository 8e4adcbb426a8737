import type { RetryPolicy } from "@/lib/flow/execution-settings";
import type { NodeError } from "./node-error";

/** Whether a failed attempt (1-based) is tried again under the policy. */
export function shouldRetry(policy: RetryPolicy, error: NodeError, attempt: number): boolean {
  return attempt < policy.attempts && (policy.on as readonly string[]).includes(error.kind);
}

/**
 * Exponential backoff with "equal jitter": half the exponential step is fixed, half random, so
 * retries of many runs spread out instead of stampeding the provider together. A provider's
 * Retry-After wins when it asks for longer.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, error: NodeError, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(step / 2 + random() * (step / 2));
  return Math.max(jittered, Math.min(error.retryAfterMs ?? 0, policy.maxDelayMs));
}
