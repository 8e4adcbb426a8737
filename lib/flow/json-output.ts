import type { ValidateFunction } from "ajv";
import { createUserSchemaAjv } from "./user-schema-ajv";

const ajv = createUserSchemaAjv();
/** Compiled validators by schema text; bounded, since every user's schemas pass through here. */
const compiled = new Map<string, ValidateFunction>();
const MAX_COMPILED = 500;

export type SchemaCheck = { ok: true; schema: Record<string, unknown>; validate: ValidateFunction } | { ok: false; error: string };

/** A user-written JSON Schema for an agent's output, parsed and compiled once. */
export function compileOutputSchema(text: string): SchemaCheck {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `The output schema is not valid JSON: ${(error as Error).message}` };
  }
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return { ok: false, error: "The output schema must be a JSON object" };
  try {
    let validate = compiled.get(text);
    if (!validate) {
      validate = ajv.compile(schema);
      if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
      compiled.set(text, validate);
    }
    return { ok: true, schema: schema as Record<string, unknown>, validate };
  } catch (error) {
    return { ok: false, error: `The output schema is not a valid JSON Schema: ${(error as Error).message}` };
  }
}

/** Why `value` does not match, one line per problem, or null when it does. */
export function outputSchemaErrors(validate: ValidateFunction, value: unknown): string | null {
  if (validate(value)) return null;
  return (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message ?? "is invalid"}`).join("; ");
}
