import { z } from "zod";
import { defineNode } from "../node-definition";

export const MAX_DELAY_MS = 5 * 60_000;

export const delayDataSchema = z.object({
  label: z.string().max(100).default("Delay"),
  ms: z.number().int().min(0).max(MAX_DELAY_MS, "At most 5 minutes").default(1_000),
});

export const delayNode = defineNode({
  type: "delay",
  title: "Delay",
  description: "Waits, then passes its input on unchanged",
  group: "Control",
  inputs: [{ id: "in", label: "value", type: "any" }],
  outputs: [{ id: "out", label: "value", type: "any" }],
  dataSchema: delayDataSchema,
  defaults: () => ({ label: "Delay", ms: 1_000 }),
  summary: (data) => `${data.ms / 1000} s`,
  templates: () => ({}),
});
