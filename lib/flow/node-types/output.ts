import { z } from "zod";
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
  inputs: [{ id: "in", label: "value", type: "any" }],
  outputs: [],
  dataSchema: outputDataSchema,
  defaults: () => ({ label: "Output", value: "" }),
  summary: (data) => (data.value ? "Templated value" : "Passes its input through"),
  templates: (data) => ({ value: data.value }),
});
