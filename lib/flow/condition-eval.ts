import { compileLinearRegex } from "./linear-regex";
import type { ConditionOperator, ConditionRule } from "./node-types/condition";

function asNumber(value: string): number | null {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

function compare(left: string, right: string): number {
  const a = asNumber(left);
  const b = asNumber(right);
  if (a !== null && b !== null) return a - b;
  return left.localeCompare(right);
}

const OPERATORS: Record<ConditionOperator, (left: string, right: string, caseSensitive: boolean) => boolean> = {
  equals: (l, r) => l === r,
  not_equals: (l, r) => l !== r,
  contains: (l, r) => l.includes(r),
  not_contains: (l, r) => !l.includes(r),
  starts_with: (l, r) => l.startsWith(r),
  ends_with: (l, r) => l.endsWith(r),
  is_empty: (l) => l.trim() === "",
  is_not_empty: (l) => l.trim() !== "",
  greater_than: (l, r) => compare(l, r) > 0,
  less_than: (l, r) => compare(l, r) < 0,
  // Linear time: a user pattern like (a+)+$ cannot stall the worker on a long input.
  matches_regex: (l, r, caseSensitive) => compileLinearRegex(r, caseSensitive ? "u" : "iu").test(l),
};

/** One rule over already-rendered operands. */
export function evaluateRule(rule: Pick<ConditionRule, "operator" | "caseSensitive">, left: string, right: string): boolean {
  const fold = rule.caseSensitive || rule.operator === "matches_regex" ? (s: string) => s : (s: string) => s.toLowerCase();
  return OPERATORS[rule.operator](fold(left), fold(right), rule.caseSensitive);
}

export function combineResults(results: boolean[], combine: "all" | "any"): boolean {
  return combine === "all" ? results.every(Boolean) : results.some(Boolean);
}
