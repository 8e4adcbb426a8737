import { z } from "zod";
import { DEFAULT_MODEL_ID } from "../../models/registry";
import { labelField, modelFields, reliabilitySection } from "../common-fields";
import { DEFAULT_EXECUTION, executionSettingsSchema } from "../execution-settings";
import { identifierSchema } from "../identifiers";
import { defineNode } from "../node-definition";
import type { PortSpec } from "../ports";

export const routeSchema = z.object({ id: identifierSchema, description: z.string().max(1_000).default("") });

export const routerDataSchema = z.object({
  label: z.string().max(100).default("Router"),
  model: z.string().min(1).max(100).default(DEFAULT_MODEL_ID),
  credentialId: z.string().max(100).default(""),
  customModel: z.string().max(200).default(""),
  /** Used when the model fails or its circuit is open, as for an Agent. */
  fallbackModel: z.string().max(100).default(""),
  fallbackCredentialId: z.string().max(100).default(""),
  execution: executionSettingsSchema.default(DEFAULT_EXECUTION),
  /** What to classify; usually a reference to upstream output. */
  text: z.string().max(50_000).default(""),
  routes: z
    .array(routeSchema)
    .min(2, "Add at least two routes")
    .max(12)
    .refine((routes) => new Set(routes.map((r) => r.id)).size === routes.length, "Route names must be unique")
    .refine((routes) => !routes.some((r) => r.id === "error"), "The route name error is reserved for the error port"),
});
export type RouterData = z.infer<typeof routerDataSchema>;

const ERROR_PORT: PortSpec = { id: "error", label: "error", type: "json" };
/** The most a routing reply may be: a route name. */
export const ROUTER_ANSWER_TOKENS = 16;

const models = modelFields<RouterData>({ withPrices: false });

/** The system prompt a Router sends with the text to classify. */
export function routerSystemPrompt(routes: RouterData["routes"]): string {
  return ["Classify the user's text into exactly one of these routes. Answer with the route name only.", ...routes.map((r) => `- ${r.id}${r.description ? `: ${r.description}` : ""}`)].join("\n");
}

export const routerNode = defineNode({
  type: "router",
  title: "Router",
  description: "A model picks one named branch for the input; the others are skipped",
  group: "Patterns",
  icon: "⎇",
  inputs: [{ id: "in", label: "value", type: "any" }],
  outputs: [ERROR_PORT],
  outputsFor: (data) => [...data.routes.map((r): PortSpec => ({ id: r.id, label: r.id, type: "any" })), ERROR_PORT],
  dataSchema: routerDataSchema,
  defaults: (): RouterData => ({
    label: "Router",
    model: DEFAULT_MODEL_ID,
    credentialId: "",
    customModel: "",
    fallbackModel: "",
    fallbackCredentialId: "",
    execution: DEFAULT_EXECUTION,
    text: "{{input.topic}}",
    routes: [
      { id: "billing", description: "invoices, payments, refunds, charges" },
      { id: "support", description: "errors, bugs, crashes, login problems" },
      { id: "other", description: "anything else" },
    ],
  }),
  fields: [
    labelField(),
    ...models.primary,
    { path: "text", label: "Text to classify", help: "What the model reads to pick a route, usually an upstream result.", widget: "template", rows: 2 },
    {
      path: "routes",
      label: "Routes (each is an output port)",
      help: "The model picks one; the others are skipped.",
      widget: "list",
      itemLabel: "Route",
      itemName: (route, i) => (typeof route.id === "string" && route.id ? route.id : String(i + 1)),
      addLabel: "Add route",
      minItems: 2,
      maxItems: 12,
      columns: "7rem 1fr",
      newItem: (_data, count) => ({ id: `route_${count + 1}`, description: "" }),
      item: [
        { path: "id", label: "Name", help: "The port's name.", widget: "text" },
        { path: "description", label: "When", help: "When to pick it.", widget: "text" },
      ],
    },
    ...models.fallback,
    reliabilitySection(),
  ],
  models: (data) => ({
    model: data.model,
    credentialId: data.credentialId,
    customModel: data.customModel,
    fallbackModel: data.fallbackModel,
    fallbackCredentialId: data.fallbackCredentialId,
    maxTokensOut: ROUTER_ANSWER_TOKENS,
    prompts: [routerSystemPrompt(data.routes), data.text],
    stepsWithTools: 1,
  }),
  execution: (data) => data.execution,
  summary: (data) => data.routes.map((r) => r.id).join(" · "),
  templates: (data) => ({ text: data.text }),
});
