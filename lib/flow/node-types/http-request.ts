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
  /** A workspace HTTP credential (bearer, header, basic or query parameter) added at call time; the graph holds only its id. */
  credentialId: z.string().max(100).default(""),
  execution: executionSettingsSchema.default({ ...DEFAULT_EXECUTION, timeoutMs: 30_000 }),
});
export type HttpRequestData = z.infer<typeof httpRequestDataSchema>;

const SECRET_HEADER_NAME = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|apikey)$|token|secret|passw|api[-_]?key|auth/i;
const SECRET_VALUE = /^\s*(bearer|basic|token)\s+\S{8,}|\b(sk|pk|rk)-[A-Za-z0-9_-]{8,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\bxox[abposr]-[A-Za-z0-9-]{10,}|\bAKIA[0-9A-Z]{16}\b|\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/i;

/**
 * Headers that look like they hold a secret typed in plain text (kept in every version and
 * export): the node should use a stored credential instead. A value that is only a {{reference}}
 * is not flagged.
 */
export function secretLookingHeaders(data: Pick<HttpRequestData, "headers">): string[] {
  return data.headers
    .filter((h) => {
      const literal = h.value.replace(/\{\{[^}]*\}\}/g, "").trim().replace(/^(bearer|basic|token)$/i, "");
      if (!literal) return false;
      return SECRET_HEADER_NAME.test(h.name) || SECRET_VALUE.test(literal);
    })
    .map((h) => `Header ${h.name} looks like a secret typed in plain text; it is saved in every version and export. Use a credential (Credentials → HTTP) instead.`);
}

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
    credentialId: "",
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
    {
      path: "credentialId",
      label: "Authentication",
      help: "A stored HTTP credential (bearer token, header, basic or query parameter), sent only to its own base URL.",
      widget: "credential",
      provider: () => "http",
    },
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
  warnings: secretLookingHeaders,
});
