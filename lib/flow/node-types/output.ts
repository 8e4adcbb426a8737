import { z } from "zod";
import { labelField } from "../common-fields";
import { defineNode } from "../node-definition";

export const outputDataSchema = z.object({
  label: z.string().max(100).default("Output"),
  /** What the run returns here; empty means "whatever arrives on the input". */
  value: z.string().max(50_000).default(""),
});

export const outputNode = defineNode({
  type: "output",
  title: "Output",
  description: "A result of the run",
  group: "Input/Output",
  icon: "⇤",
  inputs: [{ id: "in", label: "value", type: "any" }],
  outputs: [],
  dataSchema: outputDataSchema,
  defaults: () => ({ label: "Output", value: "" }),
  fields: [
    labelField(),
    { path: "value", label: "Value", help: "What the run returns here; empty returns whatever arrives.", widget: "template", placeholder: "Empty: whatever arrives on the input" },
  ],
  card: { showOutput: true },
  runResult: true,
  validate: (_data, ctx) => (ctx.hasIncoming ? [] : ["Nothing is connected to this Output"]),
  inline: true,
  summary: (data) => (data.value ? "Templated value" : "Passes its input through"),
  templates: (data) => ({ value: data.value }),
});
