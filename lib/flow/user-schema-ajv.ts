import Ajv, { type CodeOptions, type SchemaValidateFunction } from "ajv";
import { compileLinearRegex } from "./linear-regex";

/**
 * `pattern` and `patternProperties` run on RE2 (linear time), not RegExp: a pattern like (a+)+$
 * cannot stall the worker on a hostile model reply. Ajv keys compiled patterns by their text, so
 * each one says what it is.
 */
const linearRegExp: NonNullable<CodeOptions["regExp"]> = Object.assign(
  (pattern: string, flags: string) => {
    const re = compileLinearRegex(pattern, flags);
    return { test: (s: string) => re.test(s), toString: () => `/${pattern}/${flags}` };
  },
  { code: "linearRegExp" },
);

/** JSON text with object keys sorted: equal JSON values, equal text (six lines; not worth a dependency). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Ajv's own uniqueItems compares every pair of non-scalar items (20,000 small objects took 8 s
 * of blocked event loop); this one compares canonical texts through a map, in time linear in the data.
 */
const uniqueItems: SchemaValidateFunction = (schema: unknown, data: unknown) => {
  if (schema !== true || !Array.isArray(data)) return true;
  const seen = new Map<string, number>();
  for (let i = 0; i < data.length; i++) {
    const key = canonicalJson(data[i]);
    const j = seen.get(key);
    if (j !== undefined) {
      uniqueItems.errors = [{ keyword: "uniqueItems", message: `must NOT have duplicate items (items ## ${j} and ${i} are identical)`, params: { i, j } }];
      return false;
    }
    seen.set(key, i);
  }
  return true;
};

/** An Ajv for JSON Schemas written by users: every keyword validates in time linear in the data. */
export function createUserSchemaAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, code: { regExp: linearRegExp } });
  ajv.removeKeyword("uniqueItems");
  ajv.addKeyword({ keyword: "uniqueItems", type: "array", schemaType: "boolean", errors: true, validate: uniqueItems });
  return ajv;
}
