import { z } from "zod";
import { identifierSchema } from "../identifiers";
import { defineNode } from "../node-definition";

export const mapDataSchema = z.object({
  label: z.string().max(100).default("Map"),
  /** The flow run once per item (its latest saved version). */
  flowId: z.string().max(100).default(""),
  /** The list: a template giving a JSON array or one item per line; empty means the incoming value. */
  items: z.string().max(50_000).default(""),
  /** The per-item flow's run input that receives the item. */
  itemInput: identifierSchema.default("item"),
  concurrency: z.number().int().min(1).max(50).default(4),
  maxItems: z.number().int().min(1).max(1_000).default(100),
});
export type MapData = z.infer<typeof mapDataSchema>;

export const mapNode = defineNode({
  type: "map",
  title: "Loop / Map",
  description: "Runs a flow once per list item, a few at a time, and outputs the results in order",
  group: "Patterns",
  inputs: [{ id: "in", label: "list", type: "any" }],
  outputs: [
    { id: "out", label: "results", type: "list" },
    { id: "error", label: "error", type: "json" },
  ],
  dataSchema: mapDataSchema,
  defaults: (): MapData => ({ label: "Map", flowId: "", items: "", itemInput: "item", concurrency: 4, maxItems: 100 }),
  summary: (data) => `${data.concurrency} at a time, up to ${data.maxItems} items`,
  templates: (data) => ({ items: data.items }),
});
