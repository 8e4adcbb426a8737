import { z } from "zod";
import { identifierSchema } from "../identifiers";
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
  inputs: [],
  outputs: [{ id: "out", label: "inputs", type: "json" }],
  dataSchema: inputDataSchema,
  defaults: () => ({ label: "Input", fields: [{ name: "topic", label: "Topic", required: true, defaultValue: "" }] }),
  summary: (data) => (data.fields.length ? data.fields.map((f) => f.name).join(", ") : "No fields"),
  templates: () => ({}),
});
