import { z } from "zod";
import { labelField } from "../common-fields";
import { defineNode } from "../node-definition";

/** A Delay parks on a time waitpoint (no worker waits), so it can be long. */
export const MAX_DELAY_MS = 30 * 24 * 3600_000;

export const delayDataSchema = z.object({
  label: z.string().max(100).default("Delay"),
  ms: z.number().int().min(0).max(MAX_DELAY_MS, "At most 30 days").default(1_000),
});

function formatDelay(ms: number): string {
  if (ms < 60_000) return `${ms / 1000} s`;
  if (ms < 3600_000) return `${Math.round(ms / 6_000) / 10} min`;
  if (ms < 86_400_000) return `${Math.round(ms / 360_000) / 10} h`;
  return `${Math.round(ms / 8_640_000) / 10} days`;
}

export const delayNode = defineNode({
  type: "delay",
  title: "Delay",
  description: "Waits, then passes its input on unchanged",
  group: "Control",
  icon: "◷",
  inputs: [{ id: "in", label: "value", type: "any" }],
  outputs: [{ id: "out", label: "value", type: "any" }],
  dataSchema: delayDataSchema,
  defaults: () => ({ label: "Delay", ms: 1_000 }),
  fields: [labelField(), { path: "ms", label: "Wait (ms)", help: "Up to 30 days; no worker is held while it waits. The input then passes on unchanged.", widget: "number", step: 100 }],
  summary: (data) => formatDelay(data.ms),
  templates: () => ({}),
});
