import type { z } from "zod";
import type { ExecutionSettings } from "./execution-settings";
import type { FormItem } from "./field-spec";
import type { PortSpec } from "./ports";

export type NodeGroup = "Input/Output" | "Agents" | "Tools" | "Patterns" | "Control";

/** The models a node calls: checked before a run, priced by the estimate, tried in this order. */
export interface ModelUse {
  model: string;
  credentialId: string;
  /** The endpoint's model name, for the OpenAI-compatible provider. */
  customModel: string;
  fallbackModel: string;
  fallbackCredentialId: string;
  /** The most output tokens one call may produce. */
  maxTokensOut: number;
  /** The prompt templates of one call (for the estimate). */
  prompts: readonly string[];
  /** Model calls one try makes when tools are wired into the node (a model calling tools answers in steps). */
  stepsWithTools: number;
}

/** A flow a node runs as child runs: once (Sub-flow) or once per list item (Map). */
export interface ChildFlowUse {
  flowId: string;
  /** Runs per node execution at most. */
  maxRuns: number;
  /** The child's run input that receives each item (Map). */
  itemInput?: string;
}

/** What a node type's `validate` may know about the node's place in the graph. */
export interface ValidateContext {
  /** Whether anything is connected to the node's inputs. */
  hasIncoming: boolean;
}

/** How an agent calls a node as a tool: what the model is told and how its arguments become one execution. */
export interface ToolDefinition<TData> {
  description: (data: TData) => string;
  /** JSON Schema of the arguments the model passes. */
  inputSchema: Record<string, unknown>;
  /** What the Simulator passes when it "decides" to call this tool. */
  scriptedArgs: (data: TData, prompt: string) => Record<string, unknown>;
  /** The node's settings and incoming values for one call with these arguments. */
  bind: (data: TData, args: Record<string, unknown>) => { data: TData; incoming: unknown[] };
}

/**
 * Everything the browser, server and worker know about a node type; no React, no Node APIs. The
 * inspector form and the canvas card are generated from it; the engine adds only a handler.
 */
export interface NodeDefinition<TType extends string, TData extends z.ZodType> {
  type: TType;
  title: string;
  description: string;
  group: NodeGroup;
  /** One character or two shown on the card, the palette and the inspector. */
  icon: string;
  inputs: readonly PortSpec[];
  /** Output ports; a node whose ports depend on its settings also gives outputsFor. */
  outputs: readonly PortSpec[];
  outputsFor?: (data: z.infer<TData>) => readonly PortSpec[];
  dataSchema: TData;
  defaults: () => z.infer<TData>;
  /** The inspector form: every setting with its label, help, widget and when it is shown. */
  fields: readonly FormItem<z.infer<TData>>[];
  /** One line shown on the canvas card. */
  summary: (data: z.infer<TData>) => string;
  /** The canvas card: show the run's output preview; a badge under the summary. */
  card?: { showOutput?: boolean; badge?: (data: z.infer<TData>) => string | null };
  /** Config strings that may hold {{ }} references, by field name. */
  templates: (data: z.infer<TData>) => Record<string, string>;
  /** Advice that does not stop a run (e.g. a secret typed in plain text), shown with the node's settings. */
  warnings?: (data: z.infer<TData>) => string[];
  /** Problems that stop a run, beyond the schema, references and models (checked generically). */
  validate?: (data: z.infer<TData>, ctx: ValidateContext) => string[];
  /** The models the node calls; absent for nodes that call none. */
  models?: (data: z.infer<TData>) => ModelUse;
  /** The flow the node runs as child runs. */
  childFlow?: (data: z.infer<TData>) => ChildFlowUse;
  /** Output length in tokens when it is known from the settings (for the estimate of nodes that reference it). */
  maxOutputTokens?: (data: z.infer<TData>, promptTokens: (template: string) => number | null) => number | null;
  /** Timeout and retry of one execution; absent: one try, the default timeout. */
  execution?: (data: z.infer<TData>) => ExecutionSettings;
  /** Run inputs the node declares (an Input node's fields). */
  runInputs?: (data: z.infer<TData>) => readonly { name: string; label: string; required: boolean; defaultValue: string }[];
  /** A node that waits for someone: Approve and Reject continue down the ports of those names. */
  decision?: true;
  /** The node's output is a result of the run. */
  runResult?: true;
  /**
   * Cheap, deterministic and local (no model, network, sandbox or clock): the engine runs it
   * inside the transaction that readies it, with no job of its own.
   */
  inline?: true;
  /** The node runs as soon as one input arrives instead of waiting for all (a Merge on "any"). */
  startsOnFirstInput?: (data: z.infer<TData>) => boolean;
  /** When the node runs, its other inputs' branches still running lost a race and are cancelled (a Merge on "first"). */
  cancelsSlowerInputs?: (data: z.infer<TData>) => boolean;
  /** Present when an agent can call the node as a tool (its "as tool" port). */
  tool?: ToolDefinition<z.infer<TData>>;
}

export function defineNode<TType extends string, TData extends z.ZodType>(
  definition: Omit<NodeDefinition<TType, TData>, "tool">,
): Omit<NodeDefinition<TType, TData>, "tool"> & { tool?: undefined } {
  return definition;
}

/** A node type an agent can also call as a tool; the registry types see that `tool` is present. */
export function defineToolNode<TType extends string, TData extends z.ZodType>(
  definition: NodeDefinition<TType, TData> & { tool: ToolDefinition<z.infer<TData>> },
): NodeDefinition<TType, TData> & { tool: ToolDefinition<z.infer<TData>> } {
  return definition;
}
