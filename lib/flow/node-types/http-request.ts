import { z } from "zod";
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
  summary: (data) => `${data.method} ${data.url}`,
  templates: (data) => ({
    url: data.url,
    body: data.body,
    ...Object.fromEntries(data.headers.map((h, i) => [`headers.${i}.value`, h.value])),
  }),
});
