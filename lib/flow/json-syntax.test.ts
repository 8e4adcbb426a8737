import { describe, expect, it } from "vitest";
import { locateJsonError } from "./json-syntax";

function at(text: string) {
  expect(() => JSON.parse(text)).toThrow();
  return locateJsonError(text);
}

describe("locating JSON syntax errors", () => {
  it("finds nothing wrong with valid JSON", () => {
    for (const ok of ['{"a": [1, -2.5e3, true, null, "x\\n\\u00e9"]}', "[]", " 3 ", '"s"']) expect(locateJsonError(ok)).toBeNull();
  });

  it("points at trailing commas, missing commas and bad quotes", () => {
    expect(at('{"a": 1,}')).toEqual({ position: 7, message: "Remove the trailing comma before '}'" });
    expect(at("[1, 2, ]")).toEqual({ position: 5, message: "Remove the trailing comma before ']'" });
    expect(at('{"a": 1 "b": 2}')).toEqual({ position: 8, message: "Expected ',' or '}', found '\"' (a comma is missing)" });
    expect(at("{'a': 1}")).toEqual({ position: 1, message: 'Property names need double quotes ("), not single quotes' });
    expect(at('{"a": hello}')).toEqual({ position: 6, message: 'Unexpected word "hello": text values need double quotes' });
    expect(at('{"a": }')).toEqual({ position: 6, message: "Unexpected '}': expected a value" });
  });

  it("reports unclosed strings at their start and early ends at the end", () => {
    expect(at('{"a": "open')).toEqual({ position: 6, message: 'This string is never closed with "' });
    expect(at('{"a": [1')).toEqual({ position: 8, message: "The text ends too early: expected ',' or ']'" });
    expect(at('{"a": 1} x')).toEqual({ position: 9, message: "Unexpected 'x' after the end of the JSON" });
  });

  it("survives deep nesting", () => {
    expect(at("[".repeat(100_000))).toEqual({ position: 100_000, message: "The text ends where a value was expected" });
  });
});
