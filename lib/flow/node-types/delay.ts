import { z } from "zod";
import { labelField } from "../common-fields";
import { RUN_ONCE } from "../execution-settings";
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
  icon: "◷",
  inputs: [{ id: "in", label: "value", type: "any" }],
  outputs: [{ id: "out", label: "value", type: "any" }],
  dataSchema: delayDataSchema,
  defaults: () => ({ label: "Delay", ms: 1_000 }),
  fields: [labelField(), { path: "ms", label: "Wait (ms)", help: "Up to 5 minutes (300000 ms); the input then passes on unchanged.", widget: "number", step: 100 }],
  // Waits as long as it is told to: the timeout follows the setting instead of cutting it short.
  execution: (data) => ({ ...RUN_ONCE, timeoutMs: Math.max(RUN_ONCE.timeoutMs, data.ms + 30_000) }),
  summary: (data) => `${data.ms / 1000} s`,
  templates: () => ({}),
});
