import { z } from "zod";

/** What a node's config schema says about one field: its bounds, length, whether it is whole. */
export interface FieldRules {
  min?: number;
  max?: number;
  integer?: boolean;
  maxLength?: number;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let i = 0; i < 10; i++) {
    if (current instanceof z.ZodDefault || current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap() as z.ZodType;
    else break;
  }
  return current;
}

/** The schema at a dotted data path ("simulator.latencyMs", "rules.0.left"), unwrapped. */
export function schemaAt(schema: z.ZodType, path: string): z.ZodType | undefined {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const key of path.split(".")) {
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, z.ZodType>)[key];
    else if (current instanceof z.ZodArray && /^\d+$/.test(key)) current = current.element as z.ZodType;
    else return undefined;
    if (!current) return undefined;
    current = unwrap(current);
  }
  return current;
}

export function fieldRules(schema: z.ZodType, path: string): FieldRules {
  const leaf = schemaAt(schema, path);
  if (leaf instanceof z.ZodNumber) {
    // A bare .int() reports the safe-integer range; that is no bound a person needs to see.
    const finite = (n: number | null) => (n === null || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? undefined : n);
    return { min: finite(leaf.minValue), max: finite(leaf.maxValue), integer: leaf.isInt };
  }
  if (leaf instanceof z.ZodString) return { maxLength: leaf.maxLength ?? undefined };
  return {};
}

/** The value at a dotted path of a node type's defaults (list items: the first one). */
export function defaultAt(defaults: unknown, path: string): unknown {
  let value = defaults;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = Array.isArray(value) ? value[/^\d+$/.test(key) ? 0 : -1] : (value as Record<string, unknown>)[key];
  }
  return value;
}
