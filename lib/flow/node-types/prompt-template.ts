import { z } from "zod";
import { labelField } from "../common-fields";
import { defineNode } from "../node-definition";

export const promptTemplateDataSchema = z.object({
  label: z.string().max(100).default("Prompt"),
  template: z.string().max(50_000).default(""),
});

export const promptTemplateNode = defineNode({
  type: "prompt_template",
  title: "Prompt template",
  description: "A reusable prompt with {{references}}, rendered to text",
  group: "Agents",
  icon: "❝",
  inputs: [{ id: "in", label: "context", type: "any" }],
  outputs: [{ id: "out", label: "text", type: "text" }],
  dataSchema: promptTemplateDataSchema,
  defaults: () => ({ label: "Prompt", template: "Summarise {{input.topic}} for a newcomer." }),
  fields: [
    labelField(),
    { path: "template", label: "Template", help: "The text this node outputs. Type {{ to insert a run input or an upstream result.", widget: "template", rows: 6 },
  ],
  card: { showOutput: true },
  maxOutputTokens: (data, promptTokens) => promptTokens(data.template),
  inline: true,
  summary: (data) => data.template.replace(/\s+/g, " ").slice(0, 60) || "Empty template",
  templates: (data) => ({ template: data.template }),
});
