import type { FlowNode } from "@/lib/flow/graph";
import type { NodeContext } from "../handler-types";
import { evaluateMath } from "../handlers/calculator";
import { runSandboxed } from "../sandbox/run-sandboxed";

/** A node an agent can call: what the model is told, what it may pass, and how it runs. */
export interface ToolSpec {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  run: (args: Record<string, unknown>) => Promise<unknown>;
  /** What the Simulator passes when it "decides" to call this tool. */
  scriptedArgs: (prompt: string) => Record<string, unknown>;
}

export function toolSpecFor(node: FlowNode, ctx: NodeContext): ToolSpec | null {
  if (node.type === "calculator") {
    return {
      name: node.id,
      description: `${node.data.label}: evaluates a math expression (mathjs syntax, e.g. "round(6 * 7.5, 1)")`,
      inputSchema: { type: "object", properties: { expression: { type: "string", description: "The expression to evaluate" } }, required: ["expression"] },
      run: (args) => evaluateMath(String(args.expression ?? ""), { tenant: ctx.workspaceId, signal: ctx.signal }),
      scriptedArgs: () => ({ expression: node.data.expression }),
    };
  }
  if (node.type === "code") {
    const nodes = Object.fromEntries(Object.entries(ctx.outputs).map(([id, output]) => [id, { output }]));
    return {
      name: node.id,
      description: `${node.data.label}: runs a JavaScript function on the given input value and returns its result`,
      inputSchema: { type: "object", properties: { input: { description: "The value the code receives as `value`" } } },
      run: (args) =>
        runSandboxed({ code: node.data.code, scope: { input: ctx.runInputs, nodes, value: args.input ?? null }, timeoutMs: node.data.timeoutMs, memoryMb: node.data.memoryMb, tenant: ctx.workspaceId, signal: ctx.signal }),
      scriptedArgs: (prompt) => ({ input: prompt }),
    };
  }
  return null;
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
