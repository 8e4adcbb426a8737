import { z } from "zod";
import { DEFAULT_MODEL_ID } from "../../models/registry";
import { identifierSchema } from "../identifiers";
import { defineNode } from "../node-definition";
import type { PortSpec } from "../ports";

export const routeSchema = z.object({ id: identifierSchema, description: z.string().max(1_000).default("") });

export const routerDataSchema = z.object({
  label: z.string().max(100).default("Router"),
  model: z.string().min(1).max(100).default(DEFAULT_MODEL_ID),
  credentialId: z.string().max(100).default(""),
  customModel: z.string().max(200).default(""),
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

export const routerNode = defineNode({
  type: "router",
  title: "Router",
  description: "A model picks one named branch for the input; the others are skipped",
  group: "Patterns",
  inputs: [{ id: "in", label: "value", type: "any" }],
  outputs: [ERROR_PORT],
  outputsFor: (data) => [...data.routes.map((r): PortSpec => ({ id: r.id, label: r.id, type: "any" })), ERROR_PORT],
  dataSchema: routerDataSchema,
  defaults: (): RouterData => ({
    label: "Router",
    model: DEFAULT_MODEL_ID,
    credentialId: "",
    customModel: "",
    text: "{{input.topic}}",
    routes: [
      { id: "billing", description: "invoices, payments, refunds, charges" },
      { id: "support", description: "errors, bugs, crashes, login problems" },
      { id: "other", description: "anything else" },
    ],
  }),
  summary: (data) => data.routes.map((r) => r.id).join(" · "),
  templates: (data) => ({ text: data.text }),
});
