import { z } from "zod";

export const runStatusSchema = z.enum(["queued", "running", "waiting", "succeeded", "failed", "cancelled", "budget_exceeded"]);
export type RunStatus = z.infer<typeof runStatusSchema>;
export const nodeRunStatusSchema = z.enum(["queued", "running", "waiting", "succeeded", "failed", "skipped", "cancelled"]);
export type NodeRunStatus = z.infer<typeof nodeRunStatusSchema>;

const usage = { tokensIn: z.number().int(), tokensOut: z.number().int(), costNanoUsd: z.number().int() };

/** The payload of each run event type; one schema shared by worker (writes) and browser (reads). */
export const runEventBodySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("run.queued"), nodeId: z.null(), payload: z.object({ budgetNanoUsd: z.number().int().nullable().default(null) }) }),
  z.object({ type: z.literal("run.started"), nodeId: z.null(), payload: z.object({}) }),
  z.object({ type: z.literal("run.succeeded"), nodeId: z.null(), payload: z.object({ ...usage, durationMs: z.number() }) }),
  z.object({ type: z.literal("run.failed"), nodeId: z.null(), payload: z.object({ ...usage, durationMs: z.number(), error: z.string() }) }),
  z.object({ type: z.literal("run.cancelled"), nodeId: z.null(), payload: z.object({ ...usage, durationMs: z.number(), error: z.string() }) }),
  z.object({ type: z.literal("run.budget_exceeded"), nodeId: z.null(), payload: z.object({ ...usage, durationMs: z.number(), error: z.string() }) }),
  z.object({ type: z.literal("node.queued"), nodeId: z.string(), payload: z.object({}) }),
  z.object({ type: z.literal("node.started"), nodeId: z.string(), payload: z.object({ attempt: z.number().int() }) }),
  z.object({
    type: z.literal("node.succeeded"),
    nodeId: z.string(),
    payload: z.object({
      ...usage,
      durationMs: z.number(),
      outputPreview: z.string(),
      takenHandles: z.array(z.string()).default([]),
      /** Set on a re-run: the result was taken from this earlier run, not computed again. */
      reusedFrom: z.string().optional(),
    }),
  }),
  z.object({
    type: z.literal("node.failed"),
    nodeId: z.string(),
    // handled: the failure went down the node's error edge instead of failing the run
    payload: z.object({ durationMs: z.number(), error: z.string(), handled: z.boolean().default(false) }),
  }),
  z.object({ type: z.literal("node.skipped"), nodeId: z.string(), payload: z.object({}) }),
  /** Partial output while a model streams. */
  z.object({ type: z.literal("node.delta"), nodeId: z.string(), payload: z.object({ text: z.string() }) }),
  z.object({ type: z.literal("node.waiting"), nodeId: z.string(), payload: z.object({ message: z.string() }) }),
  z.object({
    type: z.literal("node.decided"),
    nodeId: z.string(),
    payload: z.object({ decision: z.enum(["approved", "rejected"]), by: z.string(), comment: z.string() }),
  }),
  z.object({
    type: z.literal("node.retrying"),
    nodeId: z.string(),
    payload: z.object({ attempt: z.number().int(), delayMs: z.number().int(), error: z.string() }),
  }),
  z.object({ type: z.literal("node.cancelled"), nodeId: z.string(), payload: z.object({ reason: z.string() }) }),
]);
export type RunEventBody = z.infer<typeof runEventBodySchema>;

export const runEventSchema = z.intersection(runEventBodySchema, z.object({ seq: z.number().int().positive(), at: z.string() }));
export type RunEvent = z.infer<typeof runEventSchema>;

export const TERMINAL_RUN_EVENTS = new Set<RunEvent["type"]>(["run.succeeded", "run.failed", "run.cancelled", "run.budget_exceeded"]);

export const OUTPUT_PREVIEW_CHARS = 2_000;
