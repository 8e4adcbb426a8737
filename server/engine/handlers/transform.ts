import type { TransformData } from "@/lib/flow/node-types/transform";
import { renderTemplate } from "@/lib/flow/templates";
import type { NodeHandler } from "../handler-types";
import { NodeError } from "../node-error";
import { evaluateJsonata, JSONATA_LIMITS, jsonByteLength } from "../sandbox/jsonata-eval";

/** JSON text becomes its value; anything else stays as it is. */
function parsedJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const text = value.trim();
  if (!/^[[{"]/.test(text)) return value;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return value;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Sets `name` ("address.city") in `target`, making the objects on the way; keys were checked by the schema. */
function setField(target: Record<string, unknown>, name: string, value: unknown): void {
  const keys = name.split(".");
  let at = target;
  for (const key of keys.slice(0, -1)) {
    const next = at[key];
    at = at[key] = isObject(next) ? { ...next } : {};
  }
  at[keys[keys.length - 1] as string] = value;
}

/** Evaluates each field's JSONata expression over the input and builds the output object. */
export async function transformValue(data: TransformData, input: unknown, bindings: Record<string, unknown>, signal: AbortSignal): Promise<Record<string, unknown>> {
  if (jsonByteLength(input) > JSONATA_LIMITS.inputBytes) throw new NodeError("client_error", `The input is larger than ${JSONATA_LIMITS.inputBytes / 1_000_000} MB`);
  const output: Record<string, unknown> = data.keepOtherFields && isObject(input) ? { ...input } : {};
  for (const field of data.fields) {
    const value = await evaluateJsonata({ expression: field.expression, input, bindings, signal });
    // JSONata's "no match" is undefined; JSON has null.
    setField(output, field.name, value === undefined ? null : value);
  }
  if (jsonByteLength(output) > JSONATA_LIMITS.resultBytes) throw new NodeError("client_error", `The output is larger than ${JSONATA_LIMITS.resultBytes / 1_000_000} MB`);
  return output;
}

export const runTransformNode: NodeHandler<"transform"> = async ({ node, runInputs, outputs, incoming, signal }) => {
  const { data } = node;
  const source = data.source.trim() ? renderTemplate(data.source, { inputs: runInputs, outputs }) : incoming.length === 1 ? incoming[0] : incoming;
  return { output: await transformValue(data, parsedJson(source), { inputs: runInputs, nodes: outputs }, signal) };
};
