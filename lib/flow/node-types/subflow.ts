import { z } from "zod";
import { identifierSchema } from "../identifiers";
import { labelField } from "../common-fields";
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
  icon: "❐",
  inputs: [{ id: "in", label: "context", type: "any" }],
  outputs: [
    { id: "out", label: "outputs", type: "json" },
    { id: "error", label: "error", type: "json" },
  ],
  dataSchema: subflowDataSchema,
  defaults: () => ({ label: "Sub-flow", flowId: "", inputs: [] }),
  fields: [
    labelField(),
    { path: "flowId", label: "Flow to run", help: "Its latest saved version runs as a child run.", widget: "flow" },
    {
      path: "inputs",
      label: "Inputs of that flow",
      help: "Values for the flow's run inputs; may hold {{references}}.",
      widget: "list",
      itemLabel: "Input",
      addLabel: "Add input",
      maxItems: 50,
      newItem: () => ({ name: "", value: "" }),
      item: [
        { path: "name", label: "Name", help: "The run input of that flow.", widget: "text" },
        { path: "value", label: "Value", help: "May hold {{references}}.", widget: "template", singleLine: true },
      ],
    },
    { layout: "note", text: "Runs the flow's latest saved version; this node waits without holding a worker and outputs the sub-run's outputs." },
  ],
  card: { showOutput: true },
  validate: (data) => (data.flowId ? [] : ["Pick the flow to run"]),
  childFlow: (data) => ({ flowId: data.flowId, maxRuns: 1 }),
  summary: (data) => (data.flowId ? `Runs flow ${data.flowId.slice(0, 10)}…` : "Pick a flow"),
  templates: (data) => Object.fromEntries(data.inputs.map((i) => [`inputs.${i.name}`, i.value])),
});
