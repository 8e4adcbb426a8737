import type { z } from "zod";
import type { PortSpec } from "./ports";

export type NodeGroup = "Input/Output" | "Agents" | "Tools" | "Patterns" | "Control";

/** Everything the browser, server and worker know about a node type; no React, no Node APIs. */
export interface NodeDefinition<TType extends string, TData extends z.ZodType> {
  type: TType;
  title: string;
  description: string;
  group: NodeGroup;
  inputs: readonly PortSpec[];
  /** Output ports; a node whose ports depend on its settings also gives outputsFor. */
  outputs: readonly PortSpec[];
  outputsFor?: (data: z.infer<TData>) => readonly PortSpec[];
  dataSchema: TData;
  defaults: () => z.infer<TData>;
  /** One line shown on the canvas card. */
  summary: (data: z.infer<TData>) => string;
  /** Config strings that may hold {{ }} references, by field name. */
  templates: (data: z.infer<TData>) => Record<string, string>;
  /** Advice that does not stop a run (e.g. a secret typed in plain text), shown with the node's settings. */
  warnings?: (data: z.infer<TData>) => string[];
}

export function defineNode<TType extends string, TData extends z.ZodType>(
  definition: NodeDefinition<TType, TData>,
): NodeDefinition<TType, TData> {
  return definition;
}
