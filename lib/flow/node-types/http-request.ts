import { z } from "zod";
import { labelField, reliabilitySection } from "../common-fields";
import { DEFAULT_EXECUTION, executionSettingsSchema } from "../execution-settings";
import { defineNode } from "../node-definition";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export const httpHeaderSchema = z.object({
  name: z.string().min(1, "Header name required").max(200).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Not a valid header name"),
  value: z.string().max(10_000),
});

export const httpRequestDataSchema = z.object({
  label: z.string().max(100).default("HTTP request"),
  method: z.enum(HTTP_METHODS).default("GET"),
  url: z.string().min(1, "Enter a URL").max(10_000),
  headers: z.array(httpHeaderSchema).max(50).default([]),
  body: z.string().max(1_000_000).default(""),
  execution: executionSettingsSchema.default({ ...DEFAULT_EXECUTION, timeoutMs: 30_000 }),
});
export type HttpRequestData = z.infer<typeof httpRequestDataSchema>;

export const httpRequestNode = defineNode({
  type: "http_request",
  title: "HTTP request",
  description: "Calls a URL; private and internal addresses are blocked",
  group: "Tools",
  icon: "⇄",
  inputs: [{ id: "in", label: "context", type: "any" }],
  outputs: [
    { id: "out", label: "response", type: "json" },
    { id: "error", label: "error", type: "json" },
  ],
  dataSchema: httpRequestDataSchema,
  defaults: (): HttpRequestData => ({
    label: "HTTP request",
    method: "GET",
    url: "https://example.com/",
    headers: [],
    body: "",
    execution: { ...DEFAULT_EXECUTION, timeoutMs: 30_000 },
  }),
  fields: [
    labelField(),
    { path: "method", label: "Method", help: "GET reads; POST, PUT and PATCH send the body.", widget: "select", options: () => HTTP_METHODS.map((m) => ({ value: m, label: m })) },
    { path: "url", label: "URL", help: "Private and internal addresses are refused. May hold {{references}}.", widget: "template", singleLine: true, placeholder: "https://api.example.com/items/{{input.id}}" },
    {
      path: "headers",
      label: "Headers",
      help: "Sent with the request; values may hold {{references}}.",
      widget: "list",
      itemLabel: "Header",
      itemName: (header, i) => (typeof header.name === "string" && header.name ? header.name : String(i + 1)),
      addLabel: "Add header",
      maxItems: 50,
      newItem: () => ({ name: "", value: "" }),
      item: [
        { path: "name", label: "Header", help: "e.g. Authorization", widget: "text" },
        { path: "value", label: "Value", help: "May hold {{references}}.", widget: "template", singleLine: true },
      ],
    },
    { path: "body", label: "Body", help: "Sent as written, after {{references}} are filled in.", widget: "template", rows: 5, when: (d) => d.method !== "GET" && d.method !== "DELETE" },
    { layout: "note", text: "Every request carries an Idempotency-Key header that stays the same when the node is retried." },
    reliabilitySection(),
  ],
  card: { showOutput: true },
  execution: (data) => data.execution,
  summary: (data) => `${data.method} ${data.url}`,
  templates: (data) => ({
    url: data.url,
    body: data.body,
    ...Object.fromEntries(data.headers.map((h, i) => [`headers.${i}.value`, h.value])),
  }),
});
