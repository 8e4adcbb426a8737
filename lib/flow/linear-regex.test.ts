import { describe, expect, it } from "vitest";
import { compileLinearRegex } from "./linear-regex";

describe("linear-time user regexes", () => {
  it("reads JavaScript syntax and flags", () => {
    expect(compileLinearRegex("^\\u0041\\u{1F600}$", "u").test("A😀")).toBe(true);
    expect(compileLinearRegex("\\\\u0041").test("\\u0041")).toBe(true);
    expect(compileLinearRegex("^a.b$", "s").test("a\nb")).toBe(true);
    expect(compileLinearRegex("^b$", "m").test("a\nb")).toBe(true);
    expect(compileLinearRegex("^B$", "iu").test("b")).toBe(true);
    expect(() => compileLinearRegex("a", "x")).toThrow('Unsupported regular expression flag "x"');
  });

  it("returns on catastrophic patterns", () => {
    expect(compileLinearRegex("(a+)+$", "u").test("a".repeat(50_000) + "!")).toBe(false);
    expect(compileLinearRegex("^(\\w+\\s?)*$", "u").test("word ".repeat(10_000) + "!")).toBe(false);
  });

  it("names the limitation for what RE2 cannot express", () => {
    for (const pattern of ["(a)\\1", "(?<n>a)\\k<n>", "a(?=b)", "a(?!b)", "(?<=a)b", "(?<!a)b"]) {
      expect(() => compileLinearRegex(pattern)).toThrow(/linear-time engine \(RE2\)/);
    }
    expect(() => compileLinearRegex("(")).toThrow(/^Invalid regular expression \(: missing closing \)/);
  });
});
