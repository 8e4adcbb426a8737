import { z } from "zod";
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
  inputs: [{ id: "in", label: "context", type: "any" }],
  outputs: [{ id: "out", label: "text", type: "text" }],
  dataSchema: promptTemplateDataSchema,
  defaults: () => ({ label: "Prompt", template: "Summarise {{input.topic}} for a newcomer." }),
  summary: (data) => data.template.replace(/\s+/g, " ").slice(0, 60) || "Empty template",
  templates: (data) => ({ template: data.template }),
});
