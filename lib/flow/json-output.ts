import Ajv, { type ValidateFunction } from "ajv";

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map<string, ValidateFunction>();

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
