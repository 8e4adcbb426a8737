import { z } from "zod";
import { identifierSchema } from "../identifiers";
import { labelField } from "../common-fields";
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
  icon: "↻",
  inputs: [{ id: "in", label: "list", type: "any" }],
  outputs: [
    { id: "out", label: "results", type: "list" },
    { id: "error", label: "error", type: "json" },
  ],
  dataSchema: mapDataSchema,
  defaults: (): MapData => ({ label: "Map", flowId: "", items: "", itemInput: "item", concurrency: 4, maxItems: 100 }),
  fields: [
    labelField(),
    { path: "flowId", label: "Flow to run per item", help: "Its latest saved version runs once per item.", widget: "flow" },
    { path: "items", label: "List", help: "A JSON array or one item per line; empty uses whatever arrives.", widget: "template", rows: 3, placeholder: '["a", "b"] or {{agent_1.output}}' },
    { path: "itemInput", label: "Input of that flow that receives each item", help: "The run input name in the per-item flow.", widget: "text" },
    {
      layout: "row",
      fields: [
        { path: "concurrency", label: "At a time", help: "How many items run at once.", widget: "number" },
        { path: "maxItems", label: "Item cap", help: "A longer list fails the node.", widget: "number" },
      ],
    },
  ],
  card: { showOutput: true },
  validate: (data) => (data.flowId ? [] : ["Pick the flow to run per item"]),
  childFlow: (data) => ({ flowId: data.flowId, maxRuns: data.maxItems, itemInput: data.itemInput }),
  summary: (data) => `${data.concurrency} at a time, up to ${data.maxItems} items`,
  templates: (data) => ({ items: data.items }),
});
