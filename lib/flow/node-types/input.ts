import { z } from "zod";
import { identifierSchema } from "../identifiers";
import { labelField } from "../common-fields";
import { defineNode } from "../node-definition";

export const inputFieldSchema = z.object({
  name: identifierSchema,
  label: z.string().max(100).default(""),
  required: z.boolean().default(true),
  defaultValue: z.string().max(10_000).default(""),
});
export type InputField = z.infer<typeof inputFieldSchema>;

export const inputDataSchema = z.object({
  label: z.string().max(100).default("Input"),
  fields: z
    .array(inputFieldSchema)
    .max(50)
    .default([])
    .refine((fields) => new Set(fields.map((f) => f.name)).size === fields.length, "Field names must be unique"),
});

export const inputNode = defineNode({
  type: "input",
  title: "Input",
  description: "Declares the values a run starts with, e.g. {{input.topic}}",
  group: "Input/Output",
  icon: "⇥",
  inputs: [],
  outputs: [{ id: "out", label: "inputs", type: "json" }],
  dataSchema: inputDataSchema,
  defaults: () => ({ label: "Input", fields: [{ name: "topic", label: "Topic", required: true, defaultValue: "" }] }),
  fields: [
    labelField(),
    {
      path: "fields",
      label: "Run inputs",
      help: "Asked for when a run starts; other nodes use them as {{input.name}}.",
      widget: "list",
      itemLabel: "Input field",
      itemName: (field, i) => (typeof field.name === "string" && field.name ? field.name : String(i + 1)),
      addLabel: "Add input",
      maxItems: 50,
      newItem: (_data, count) => ({ name: `field_${count + 1}`, label: "", required: false, defaultValue: "" }),
      item: [
        { path: "name", label: "Name (used as {{input.name}})", help: "Letters, digits and _, not starting with a digit.", widget: "text" },
        { path: "label", label: "Label shown when running", help: "What the person starting a run sees; empty shows the name.", widget: "text" },
        { path: "defaultValue", label: "Default value", help: "Used when the run leaves this empty.", widget: "text" },
        { path: "required", label: "Required", help: "A run cannot start without a value.", widget: "checkbox" },
      ],
    },
  ],
  runInputs: (data) => data.fields,
  inline: true,
  summary: (data) => (data.fields.length ? data.fields.map((f) => f.name).join(", ") : "No fields"),
  templates: () => ({}),
});
