import { describe, expect, it } from "vitest";
import { sampleFromSchema } from "../models/json-sample";
import { compileOutputSchema, outputSchemaErrors } from "./json-output";

const schemaText = JSON.stringify({
  type: "object",
  required: ["title", "score", "tags", "verdict"],
  properties: {
    title: { type: "string" },
    score: { type: "integer", minimum: 1, maximum: 5 },
    tags: { type: "array", items: { type: "string" }, minItems: 2 },
    verdict: { enum: ["keep", "drop"] },
  },
  additionalProperties: false,
});

describe("JSON output", () => {
  it("compiles a schema and explains mismatches", () => {
    const check = compileOutputSchema(schemaText);
    if (!check.ok) throw new Error(check.error);
    expect(outputSchemaErrors(check.validate, { title: "x", score: 3, tags: ["a", "b"], verdict: "keep" })).toBeNull();
    expect(outputSchemaErrors(check.validate, { title: 1, score: 9, tags: [], verdict: "maybe" })).toContain("/score must be <= 5");
  });

  it("reports schemas that are not JSON or not JSON Schema", () => {
    expect(compileOutputSchema("{nope")).toMatchObject({ ok: false, error: expect.stringContaining("not valid JSON") });
    expect(compileOutputSchema("[]")).toMatchObject({ ok: false, error: "The output schema must be a JSON object" });
    expect(compileOutputSchema('{"type": "wat"}')).toMatchObject({ ok: false, error: expect.stringContaining("not a valid JSON Schema") });
  });

  it("the Simulator's sample always matches the schema, deterministically", () => {
    const check = compileOutputSchema(schemaText);
    if (!check.ok) throw new Error(check.error);
    for (const seed of ["review of a book", "another prompt", ""]) {
      const sample = sampleFromSchema(check.schema, seed);
      expect(outputSchemaErrors(check.validate, sample)).toBeNull();
      expect(sampleFromSchema(check.schema, seed)).toEqual(sample);
    }
  });
});

describe("JSON output patterns", () => {
  it("run in linear time: a catastrophic pattern returns on a long hostile reply with the right answer", () => {
    const check = compileOutputSchema(JSON.stringify({ type: "object", properties: { name: { type: "string", pattern: "(a+)+$" } }, patternProperties: { "^(x+x+)+y$": { type: "number" } } }));
    if (!check.ok) throw new Error(check.error);
    const hostile = "a".repeat(50_000) + "!";
    expect(outputSchemaErrors(check.validate, { name: hostile })).toBe('/name must match pattern "(a+)+$"');
    expect(outputSchemaErrors(check.validate, { name: "a".repeat(50_000) })).toBeNull();
    expect(outputSchemaErrors(check.validate, { ["x".repeat(30_000)]: "not a number" })).toBeNull();
    expect(outputSchemaErrors(check.validate, { xxy: "not a number" })).toBe("/xxy must be number");
  });

  it("keeps unicode semantics, and distinct patterns stay distinct", () => {
    const check = compileOutputSchema(JSON.stringify({ type: "array", items: [{ pattern: "^.$" }, { pattern: "^\\p{Lu}$" }, { pattern: "^b$" }] }));
    if (!check.ok) throw new Error(check.error);
    expect(outputSchemaErrors(check.validate, ["😀", "Ä", "b"])).toBeNull();
    expect(outputSchemaErrors(check.validate, ["😀", "Ä", "a"])).toBe('/2 must match pattern "^b$"');
  });

  it("refuses patterns RE2 cannot express, naming the limitation", () => {
    const check = compileOutputSchema(JSON.stringify({ type: "string", pattern: "(a)\\1" }));
    expect(check).toMatchObject({ ok: false, error: expect.stringMatching(/not a valid JSON Schema: .*no backreferences/) });
  });
});

describe("JSON output uniqueItems", () => {
  it("finds duplicates by JSON value, whatever the key order, in linear time on a large reply", () => {
    const check = compileOutputSchema(JSON.stringify({ type: "array", items: { type: "object" }, uniqueItems: true }));
    if (!check.ok) throw new Error(check.error);
    const many = Array.from({ length: 50_000 }, (_, i) => ({ a: i, b: [i, { c: "x" }] }));
    expect(outputSchemaErrors(check.validate, many)).toBeNull();
    expect(outputSchemaErrors(check.validate, [...many, { b: [7, { c: "x" }], a: 7 }])).toBe("(root) must NOT have duplicate items (items ## 7 and 50000 are identical)");
    const anyItems = compileOutputSchema(JSON.stringify({ type: "array", uniqueItems: true }));
    if (!anyItems.ok) throw new Error(anyItems.error);
    expect(outputSchemaErrors(anyItems.validate, [{ a: 1 }, { a: "1" }, [1], 1, "1", null, {}, []])).toBeNull();
    expect(outputSchemaErrors(anyItems.validate, [1, 2, 1])).toBe("(root) must NOT have duplicate items (items ## 0 and 2 are identical)");
  });
});
