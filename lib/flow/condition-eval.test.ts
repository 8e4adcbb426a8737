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

  it("matches in linear time: a catastrophic pattern returns on a long hostile input", () => {
    expect(evaluateRule(rule("matches_regex"), "a".repeat(50_000) + "!", "(a+)+$")).toBe(false);
    expect(evaluateRule(rule("matches_regex"), "a".repeat(50_000), "^(a|aa)+$")).toBe(true);
  });

  it("keeps case-insensitive and unicode semantics", () => {
    expect(evaluateRule(rule("matches_regex"), "ÄRGER", "^ärger$")).toBe(true);
    expect(evaluateRule(rule("matches_regex", true), "ÄRGER", "^ärger$")).toBe(false);
    expect(evaluateRule(rule("matches_regex"), "😀!", "^.!$")).toBe(true);
    expect(evaluateRule(rule("matches_regex"), "café", "\\p{L}+")).toBe(true);
  });

  it("refuses backreferences and lookaround with the reason", () => {
    expect(() => evaluateRule(rule("matches_regex"), "aa", "(a)\\1")).toThrow(/no backreferences/);
    expect(() => evaluateRule(rule("matches_regex"), "ab", "a(?=b)")).toThrow(/no lookahead or lookbehind/);
  });

  it("combines with all or any", () => {
    expect(combineResults([true, false], "all")).toBe(false);
    expect(combineResults([true, false], "any")).toBe(true);
  });
});
