import { definitionOf, isToolCapable, type ToolCapableType } from "@/lib/flow/catalogue";
import type { FlowNode } from "@/lib/flow/graph";
import type { NodeContext, NodeHandler } from "../handler-types";
import { runCalculatorNode } from "../handlers/calculator";
import { runCodeNode } from "../handlers/code";
import { runTransformNode } from "../handlers/transform";

/** A node an agent can call: what the model is told, what it may pass, and how it runs. */
export interface ToolSpec {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  run: (args: Record<string, unknown>) => Promise<unknown>;
  /** What the Simulator passes when it "decides" to call this tool. */
  scriptedArgs: (prompt: string) => Record<string, unknown>;
}

/**
 * The handlers of the node types an agent can call (those whose definition has `tool`); typed so a
 * tool-capable type without one fails tsc. Kept apart from handlers/index.ts, which imports the
 * agent handler that imports this file.
 */
const toolHandlers: { [K in ToolCapableType]: NodeHandler<K> } = {
  calculator: runCalculatorNode,
  code: runCodeNode,
  transform: runTransformNode,
};

/** The node as a tool of the calling agent (`ctx` is the agent's), or null when its type cannot be one. */
export function toolSpecFor(node: FlowNode, ctx: NodeContext): ToolSpec | null {
  if (!isToolCapable(node.type)) return null;
  const tool = definitionOf(node.type).tool;
  if (!tool) return null;
  const handler = toolHandlers[node.type] as (ctx: NodeContext) => ReturnType<NodeHandler<ToolCapableType>>;
  return {
    name: node.id,
    description: tool.description(node.data),
    inputSchema: tool.inputSchema,
    scriptedArgs: (prompt) => tool.scriptedArgs(node.data, prompt),
    run: async (args) => {
      const bound = tool.bind(node.data, args);
      const result = await handler({ ...ctx, node: { ...node, data: bound.data } as FlowNode, incoming: bound.incoming });
      return result.output;
    },
  };
}

/** Runs a tool for a model, turning failures into a result the model can read. */
export async function callTool(spec: ToolSpec, args: Record<string, unknown>, log: (line: string) => void): Promise<unknown> {
  try {
    const result = await spec.run(args);
    log(`[tool ${spec.name}(${JSON.stringify(args)}) → ${JSON.stringify(result)}]\n`);
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`[tool ${spec.name}(${JSON.stringify(args)}) failed: ${message}]\n`);
    return { error: message };
  }
}
