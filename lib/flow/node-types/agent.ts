import { z } from "zod";
import { DEFAULT_MODEL_ID, findModel } from "../../models/registry";
import { labelField, modelFields, reliabilitySection } from "../common-fields";
import { DEFAULT_EXECUTION, executionSettingsSchema, MAX_TOOL_STEPS } from "../execution-settings";
import { compileOutputSchema } from "../json-output";
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

/** Appended to the system prompt, with the schema, when the reply must be JSON. */
export const JSON_INSTRUCTION = "\n\nReply with only a JSON value (no prose, no code fences) matching this JSON Schema:\n";

const models = modelFields<AgentData>({ withPrices: true });
const isSimulated = (data: AgentData) => findModel(data.model)?.provider === "simulator";

export const agentNode = defineNode({
  type: "agent",
  title: "Agent",
  description: "Calls a model with a system and a user prompt",
  group: "Agents",
  icon: "✦",
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
  fields: [
    labelField(),
    ...models.primary,
    { path: "systemPrompt", label: "System prompt", help: "Who the model is and how it answers. Type {{ to insert a reference.", widget: "template", rows: 3 },
    { path: "userPrompt", label: "User prompt", help: "What to ask. Type {{ to insert a run input or an upstream result.", widget: "template", rows: 4 },
    {
      path: "outputFormat",
      label: "Output",
      help: "Plain text, or JSON checked against a schema you give.",
      widget: "select",
      options: () => [
        { value: "text", label: "Text" },
        { value: "json", label: "JSON matching a schema" },
      ],
    },
    {
      path: "outputSchema",
      label: "Output JSON Schema",
      help: "Replies that are not JSON or do not match fail the node, with the reason.",
      widget: "textarea",
      rows: 5,
      placeholder: '{"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]}',
      when: (d) => d.outputFormat === "json",
    },
    {
      layout: "row",
      fields: [
        { path: "temperature", label: "Temperature", help: "0 is focused and repeatable, 2 the most varied.", widget: "number", step: 0.1 },
        { path: "maxTokens", label: "Max tokens", help: "The longest reply allowed (a token is about ¾ of a word).", widget: "number" },
      ],
    },
    {
      layout: "section",
      legend: "Simulator",
      tone: "violet",
      when: isSimulated,
      fields: [
        { path: "simulator.latencyMs", label: "Latency (ms)", help: "How long the Simulator takes to answer.", widget: "number" },
        { path: "simulator.outputTokens", label: "Output tokens (empty: from the prompt)", help: "Length of the simulated reply.", widget: "number", optional: true },
        { path: "simulator.failWith", label: "Fail with error (empty: succeed)", help: "Every call fails with this message: to try failure handling.", widget: "text" },
        { path: "simulator.failureRate", label: "Failure rate (0–1)", help: "Share of calls that fail, the same ones on every re-run.", widget: "number", step: 0.05 },
        {
          layout: "row",
          fields: [
            { path: "simulator.failFirst", label: "Fail first N tries", help: "Then succeed: to try retries.", widget: "number" },
            {
              path: "simulator.failKind",
              label: "Failing with",
              help: "What those tries report.",
              widget: "select",
              options: () => [
                { value: "rate_limit", label: "429 rate limit" },
                { value: "server_error", label: "5xx server error" },
                { value: "timeout", label: "timeout" },
              ],
            },
          ],
        },
      ],
    },
    ...models.fallback,
    reliabilitySection(),
  ],
  summary: (data) => findModel(data.model)?.label ?? data.model,
  card: { badge: (data) => (isSimulated(data) ? "Simulated model" : null) },
  templates: (data) => ({ systemPrompt: data.systemPrompt, userPrompt: data.userPrompt }),
  validate: (data) => {
    const problems: string[] = [];
    if (data.outputFormat === "json") {
      const check = compileOutputSchema(data.outputSchema);
      if (!check.ok) problems.push(check.error);
    }
    if (!data.userPrompt.trim()) problems.push("The user prompt is empty");
    return problems;
  },
  models: (data) => ({
    model: data.model,
    credentialId: data.credentialId,
    customModel: data.customModel,
    fallbackModel: data.fallbackModel,
    fallbackCredentialId: data.fallbackCredentialId,
    maxTokensOut: isSimulated(data) ? Math.min(data.maxTokens, data.simulator.outputTokens ?? data.maxTokens) : data.maxTokens,
    // A JSON reply adds the instruction and the schema to the system prompt.
    prompts: [data.systemPrompt, data.userPrompt, ...(data.outputFormat === "json" ? [`${JSON_INSTRUCTION}${data.outputSchema}`] : [])],
    // The Simulator scripts its tool use inside one call; a provider takes a step per round of tool calls.
    stepsWithTools: isSimulated(data) ? 1 : MAX_TOOL_STEPS,
  }),
  maxOutputTokens: (data) => (isSimulated(data) ? Math.min(data.maxTokens, data.simulator.outputTokens ?? data.maxTokens) : data.maxTokens),
  execution: (data) => data.execution,
});
