import type { z } from "zod";

/**
 * Plain-language messages for zod issues, for people editing a form or importing a file. Messages
 * a schema wrote itself ("Pick a model", "At most 5 minutes") are kept; zod's generic defaults
 * ("Too big: expected number to be <=2") are rewritten.
 */
type Issue = z.core.$ZodIssue;

const GENERIC = /^(Too big|Too small|Invalid input|Invalid option|Invalid discriminator|Invalid string|Invalid number|Invalid element|Invalid key|Invalid value)\b/;

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return value.length > 30 ? `the text "${value.slice(0, 30)}…"` : `the text "${value}"`;
  if (typeof value === "object") return "an object";
  return `${typeof value === "number" ? "the number " : ""}${String(value)}`;
}

const EXPECTED: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
};

function bound(issue: { origin?: string; inclusive?: boolean }, value: number | bigint, dir: "max" | "min"): string {
  const n = Number(value);
  switch (issue.origin) {
    case "string":
      if (dir === "min" && n === 1) return "Required";
      return `${dir === "max" ? "At most" : "At least"} ${n} character${n === 1 ? "" : "s"}`;
    case "array":
    case "set":
      return `${dir === "max" ? "At most" : "At least"} ${n} item${n === 1 ? "" : "s"}`;
    default:
      if (issue.inclusive === false) return `${dir === "max" ? "Less than" : "More than"} ${n}`;
      return `${dir === "max" ? "At most" : "At least"} ${n}`;
  }
}

/** One issue as a sentence; `input` is the value that was parsed, to name what was found. */
export function friendlyIssue(issue: Issue, input?: unknown): string {
  if (!GENERIC.test(issue.message)) return issue.message;
  const found = valueAt(input, issue.path);
  switch (issue.code) {
    case "invalid_type": {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      if (found === undefined) return `Missing: expected ${expected}`;
      if (issue.expected === "int") return "Must be a whole number";
      return `Expected ${expected}, found ${describeValue(found)}`;
    }
    case "too_big":
      return bound(issue, issue.maximum, "max");
    case "too_small":
      return bound(issue, issue.minimum, "min");
    case "invalid_value":
      return issue.values.length === 1 ? `Must be ${JSON.stringify(issue.values[0])}` : `Must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_union": {
      const details = issue as { discriminator?: string; options?: unknown[] };
      if (details.discriminator && Array.isArray(details.options)) {
        const what = found === undefined ? `Missing ${details.discriminator}` : `Unknown ${details.discriminator} ${JSON.stringify(found)}`;
        return `${what}; expected one of ${details.options.join(", ")}`;
      }
      return "Does not match any allowed shape";
    }
    case "invalid_format":
      return issue.format === "regex" ? "Not in the expected format" : `Not a valid ${issue.format}`;
    default:
      return issue.message;
  }
}

/** Dotted path of an issue, e.g. "nodes.3.data.model"; empty for the root. */
export function issuePath(issue: Pick<Issue, "path">): string {
  return issue.path.map(String).join(".");
}
