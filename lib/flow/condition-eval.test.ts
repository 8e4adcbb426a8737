import { describe, expect, it } from "vitest";
import { combineResults, evaluateRule } from "./condition-eval";

const rule = (operator: Parameters<typeof evaluateRule>[0]["operator"], caseSensitive = false) => ({ operator, caseSensitive });

describe("condition rules", () => {
  it("compares text, case-insensitively unless asked", () => {
    expect(evaluateRule(rule("equals"), "Yes", "yes")).toBe(true);
    expect(evaluateRule(rule("equals", true), "Yes", "yes")).toBe(false);
    expect(evaluateRule(rule("contains"), "The answer is YES.", "yes")).toBe(true);
    expect(evaluateRule(rule("not_contains"), "no way", "yes")).toBe(true);
    expect(evaluateRule(rule("starts_with"), "Approve: ok", "approve")).toBe(true);
    expect(evaluateRule(rule("ends_with"), "done.", "one.")).toBe(true);
  });

  it("tests emptiness ignoring whitespace", () => {
    expect(evaluateRule(rule("is_empty"), "  \n", "")).toBe(true);
    expect(evaluateRule(rule("is_not_empty"), "x", "")).toBe(true);
  });

  it("compares numbers numerically and other text alphabetically", () => {
    expect(evaluateRule(rule("greater_than"), "10", "9")).toBe(true);
    expect(evaluateRule(rule("less_than"), "10", "9")).toBe(false);
    expect(evaluateRule(rule("greater_than"), "pear", "apple")).toBe(true);
  });

  it("matches regular expressions and reports invalid ones", () => {
    expect(evaluateRule(rule("matches_regex"), "order #123", "#\\d+")).toBe(true);
    expect(evaluateRule(rule("matches_regex", true), "ABC", "abc")).toBe(false);
    expect(() => evaluateRule(rule("matches_regex"), "x", "(")).toThrow("Invalid regular expression (");
  });

  it("combines with all or any", () => {
    expect(combineResults([true, false], "all")).toBe(false);
    expect(combineResults([true, false], "any")).toBe(true);
  });
});
