import { z } from "zod";
import { DEFAULT_MODEL_ID } from "../../models/registry";
import { DEFAULT_EXECUTION, executionSettingsSchema } from "../execution-settings";
import { defineNode } from "../node-definition";

export const simulatorSettingsSchema = z.object({
  latencyMs: z.number().int().min(0).max(60_000).default(600),
  /** Output length in tokens; derived from the prompt when absent. */
  outputTokens: z.number().int().min(1).max(4_000).optional(),
  /** Make every call fail with this message (for trying failure handling). */
  failWith: z.string().max(500).default(""),
  /** Make the first N attempts fail with `failKind`, then succeed (for trying retries). */
  failFirst: z.number().int().min(0).max(10).default(0),
  failKind: z.enum(["rate_limit", "server_error", "timeout"]).default("rate_limit"),
  /** Fail this share of calls (0–1) with `failKind`; decided per run, node and attempt, so it is repeatable. */
  failureRate: z.number().min(0).max(1).default(0),
});
export type SimulatorSettings = z.infer<typeof simulatorSettingsSchema>;

export const agentDataSchema = z.object({
  label: z.string().max(100).default("Agent"),
  model: z.string().min(1, "Pick a model").max(100),
  systemPrompt: z.string().max(50_000).default(""),
  userPrompt: z.string().max(50_000).default(""),
  temperature: z.number().min(0).max(2).default(0.7),
  maxTokens: z.number().int().min(1).max(32_000).default(1_024),
  /** The workspace credential used for non-Simulator models. */
  credentialId: z.string().max(100).default(""),
  /** The endpoint's model name, for the OpenAI-compatible provider. */
  customModel: z.string().max(200).default(""),
  /** "json": the reply must be JSON matching `outputSchema` (a JSON Schema), and the node outputs the parsed value. */
  outputFormat: z.enum(["text", "json"]).default("text"),
  outputSchema: z.string().max(50_000).default(""),
  /** Used when the model fails (after its own retries are exhausted for this try) or its circuit is open. */
  fallbackModel: z.string().max(100).default(""),
  fallbackCredentialId: z.string().max(100).default(""),
  simulator: simulatorSettingsSchema.default({ latencyMs: 600, failWith: "", failFirst: 0, failKind: "rate_limit", failureRate: 0 }),
  execution: executionSettingsSchema.default(DEFAULT_EXECUTION),
});
export type AgentData = z.infer<typeof agentDataSchema>;

export const agentNode = defineNode({
  type: "agent",
  title: "Agent",
  description: "Calls a model with a system and a user prompt",
  group: "Agents",
  inputs: [
    { id: "in", label: "context", type: "any" },
    { id: "tools", label: "tools", type: "tool" },
  ],
  outputs: [
    { id: "out", label: "text", type: "text" },
    { id: "error", label: "error", type: "json" },
  ],
  outputsFor: (data) => [
    data.outputFormat === "json" ? { id: "out", label: "json", type: "json" } : { id: "out", label: "text", type: "text" },
    { id: "error", label: "error", type: "json" },
  ],
  dataSchema: agentDataSchema,
  defaults: (): z.infer<typeof agentDataSchema> => ({
    label: "Agent",
    model: DEFAULT_MODEL_ID,
    systemPrompt: "You are a helpful assistant.",
    userPrompt: "Write a short paragraph about {{input.topic}}.",
    temperature: 0.7,
    maxTokens: 1_024,
    credentialId: "",
    customModel: "",
    fallbackModel: "",
    fallbackCredentialId: "",
    outputFormat: "text",
    outputSchema: "",
    simulator: { latencyMs: 600, failWith: "", failFirst: 0, failKind: "rate_limit", failureRate: 0 },
    execution: DEFAULT_EXECUTION,
  }),
  summary: (data) => data.model,
  templates: (data) => ({ systemPrompt: data.systemPrompt, userPrompt: data.userPrompt }),
});
