import jsonata from "jsonata";
import { z } from "zod";
import { labelField } from "../common-fields";
import { defineToolNode } from "../node-definition";

/** Longer expressions are refused before they are parsed. */
export const MAX_EXPRESSION_CHARS = 10_000;

const FORBIDDEN_KEYS = new Set(["__proto__", "prototype", "constructor"]);

export const transformFieldSchema = z.object({
  /** Where the value goes; dots make nested objects ("address.city"). */
  name: z
    .string()
    .min(1, "Name the field")
    .max(200)
    .refine((name) => name.split(".").every((key) => key.length > 0), "No empty parts between dots")
    .refine((name) => !name.split(".").some((key) => FORBIDDEN_KEYS.has(key)), "__proto__, prototype and constructor cannot be field names"),
  /** A JSONata expression over the incoming value, e.g. `first & " " & last`. */
  expression: z.string().min(1, "Write an expression").max(MAX_EXPRESSION_CHARS, `At most ${MAX_EXPRESSION_CHARS} characters`),
});
export type TransformField = z.infer<typeof transformFieldSchema>;

export const transformDataSchema = z.object({
  label: z.string().max(100).default("Transform"),
  /** What to transform: a template (JSON text is parsed); empty uses the incoming value. */
  source: z.string().max(50_000).default(""),
  fields: z
    .array(transformFieldSchema)
    .min(1, "Add at least one field")
    .max(50)
    .refine((fields) => new Set(fields.map((f) => f.name)).size === fields.length, "Field names must be unique"),
  /** Start from the incoming object's fields (when it is an object) instead of an empty one. */
  keepOtherFields: z.boolean().default(false),
});
export type TransformData = z.infer<typeof transformDataSchema>;

/** The parse error of each expression that does not parse, by field index. */
function expressionProblems(data: TransformData): string[] {
  return data.fields.flatMap((field, i) => {
    try {
      jsonata(field.expression);
      return [];
    } catch (error) {
      const message = error instanceof Error ? error.message : String((error as { message?: unknown }).message ?? error);
      return [`fields.${i}.expression: ${message}`];
    }
  });
}

export const transformNode = defineToolNode({
  type: "transform",
  title: "Transform",
  description: "Maps fields of upstream JSON with JSONata expressions (like Edit Fields)",
  group: "Tools",
  icon: "⇋",
  inputs: [{ id: "in", label: "json", type: "any" }],
  outputs: [
    { id: "out", label: "json", type: "json" },
    { id: "error", label: "error", type: "json" },
    { id: "tool", label: "as tool", type: "tool" },
  ],
  dataSchema: transformDataSchema,
  defaults: (): TransformData => ({
    label: "Transform",
    source: "",
    fields: [{ name: "summary", expression: '$string($)' }],
    keepOtherFields: false,
  }),
  fields: [
    labelField(),
    {
      path: "source",
      label: "Input (empty: what arrives)",
      help: "The JSON to transform; JSON text is parsed. Type {{ to insert an upstream result.",
      widget: "template",
      singleLine: true,
      placeholder: "{{http_request_1.output}}",
    },
    {
      path: "fields",
      label: "Fields",
      help: "Each sets one field of the output to a JSONata expression over the input ($ is the input; $inputs and $nodes hold the run inputs and upstream results).",
      widget: "list",
      itemLabel: "Field",
      legend: true,
      addLabel: "Add field",
      minItems: 1,
      maxItems: 50,
      newItem: (_data, count) => ({ name: `field_${count + 1}`, expression: "" }),
      item: [
        { path: "name", label: "Field name", help: "Dots make nested objects, e.g. address.city.", widget: "text" },
        { path: "expression", label: "JSONata expression", help: 'e.g. first & " " & last, or $sum(items.price).', widget: "textarea", rows: 2 },
      ],
    },
    { path: "keepOtherFields", label: "Keep the input's other fields", help: "Start from the incoming object instead of an empty one.", widget: "checkbox" },
  ],
  card: { showOutput: true },
  summary: (data) => data.fields.map((f) => f.name).join(", ") || "No fields",
  templates: (data) => ({ source: data.source }),
  validate: expressionProblems,
  tool: {
    description: (data) => `${data.label}: maps fields of the given JSON value (${data.fields.map((f) => f.name).join(", ")})`,
    inputSchema: { type: "object", properties: { input: { description: "The JSON value to transform" } }, required: ["input"] },
    scriptedArgs: (_data, prompt) => ({ input: { text: prompt } }),
    bind: (data, args) => ({ data: { ...data, source: "" }, incoming: [args.input ?? null] }),
  },
});
