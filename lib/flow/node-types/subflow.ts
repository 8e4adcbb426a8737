import { z } from "zod";
import { identifierSchema } from "../identifiers";
import { defineNode } from "../node-definition";

export const MAX_SUBFLOW_DEPTH = 5;

export const subflowDataSchema = z.object({
  label: z.string().max(100).default("Sub-flow"),
  /** A flow of the same workspace; its latest saved version runs. */
  flowId: z.string().max(100).default(""),
  /** Values for the sub-flow's run inputs, templated. */
  inputs: z.array(z.object({ name: identifierSchema, value: z.string().max(100_000) })).max(50).default([]),
});

export const subflowNode = defineNode({
  type: "subflow",
  title: "Sub-flow",
  description: "Runs another flow of the workspace and outputs its results",
  group: "Patterns",
  inputs: [{ id: "in", label: "context", type: "any" }],
  outputs: [
    { id: "out", label: "outputs", type: "json" },
    { id: "error", label: "error", type: "json" },
  ],
  dataSchema: subflowDataSchema,
  defaults: () => ({ label: "Sub-flow", flowId: "", inputs: [] }),
  summary: (data) => (data.flowId ? `Runs flow ${data.flowId.slice(0, 10)}…` : "Pick a flow"),
  templates: (data) => Object.fromEntries(data.inputs.map((i) => [`inputs.${i.name}`, i.value])),
});
