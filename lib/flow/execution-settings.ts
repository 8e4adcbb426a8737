import { z } from "zod";

export const RETRYABLE_KINDS = ["timeout", "rate_limit", "server_error"] as const;
export type RetryableKind = (typeof RETRYABLE_KINDS)[number];

export const retryPolicySchema = z.object({
  /** Total tries, the first included: 1 means never retry. */
  attempts: z.number().int().min(1).max(10).default(3),
  initialDelayMs: z.number().int().min(0).max(60_000).default(500),
  maxDelayMs: z.number().int().min(0).max(600_000).default(10_000),
  on: z.array(z.enum(RETRYABLE_KINDS)).default(["timeout", "rate_limit", "server_error"]),
});
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

/** How a node that calls out (models, HTTP, code) is retried and timed out. */
export const executionSettingsSchema = z.object({
  timeoutMs: z.number().int().min(100).max(3_600_000).default(120_000),
  /** After the last retry, unless the error port is connected: fail the run, or ask a person (Approve retries, Reject fails). */
  onFailure: z.enum(["fail", "escalate"]).default("fail"),
  retry: retryPolicySchema.default({ attempts: 3, initialDelayMs: 500, maxDelayMs: 10_000, on: ["timeout", "rate_limit", "server_error"] }),
});
export type ExecutionSettings = z.infer<typeof executionSettingsSchema>;

export const DEFAULT_EXECUTION: ExecutionSettings = executionSettingsSchema.parse({});

/** Nodes without reliability settings of their own: one try, the default timeout. */
export const RUN_ONCE: ExecutionSettings = { ...DEFAULT_EXECUTION, retry: { ...DEFAULT_EXECUTION.retry, attempts: 1 } };

/** Model steps an agent with tools takes at most in one try (call → tool results → answer). */
export const MAX_TOOL_STEPS = 5;
