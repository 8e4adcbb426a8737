import { describe, expect, it } from "vitest";
import { makeNode } from "@/lib/flow/graph-builder";
import { transformDataSchema, type TransformData } from "@/lib/flow/node-types/transform";
import type { NodeContext } from "../handler-types";
import { runTransformNode, transformValue } from "./transform";

const data = (fields: TransformData["fields"], keepOtherFields = false): TransformData => ({ label: "Transform", source: "", fields, keepOtherFields });
const run = (fields: TransformData["fields"], input: unknown, keep = false) => transformValue(data(fields, keep), input, { inputs: {}, nodes: {} }, new AbortController().signal);
const one = (expression: string, input: unknown = {}) => run([{ name: "v", expression }], input).then((o) => o.v);

describe("Transform", () => {
  it("maps fields of the input with JSONata, nested names making objects", async () => {
    const input = { first: "Ada", last: "Lovelace", items: [{ price: 2 }, { price: 3.5 }], id: 7 };
    expect(
      await run(
        [
          { name: "fullName", expression: 'first & " " & last' },
          { name: "total", expression: "$sum(items.price)" },
          { name: "address.city", expression: '"London"' },
          { name: "missing", expression: "nothing.here" },
        ],
        input,
      ),
    ).toEqual({ fullName: "Ada Lovelace", total: 5.5, address: { city: "London" }, missing: null });
    expect(await run([{ name: "id", expression: "id * 2" }], input, true)).toEqual({ ...input, id: 14 });
  });

  it("reads its input from a template (JSON text is parsed) and sees run inputs and upstream results", async () => {
    const node = makeNode("transform_1", "transform", {
      source: "{{http_1.output}}",
      fields: [
        { name: "name", expression: "$uppercase(user.name)" },
        { name: "topic", expression: "$inputs.topic" },
        { name: "status", expression: "$nodes.http_1.status" },
      ],
    });
    const ctx = { node, runInputs: { topic: "tides" }, outputs: { http_1: { status: 200, user: { name: "ada" } } }, incoming: [], signal: new AbortController().signal } as unknown as NodeContext<typeof node & { type: "transform" }>;
    // The template renders the upstream JSON as text; the node parses it back.
    expect((await runTransformNode(ctx)).output).toEqual({ name: "ADA", topic: "tides", status: 200 });
  });

  it("refuses field names that would reach an object's prototype, and expressions over 10,000 characters", () => {
    const parse = (name: string, expression = "1") => transformDataSchema.safeParse({ fields: [{ name, expression }] }).success;
    expect(parse("__proto__.polluted")).toBe(false);
    expect(parse("a.constructor.prototype")).toBe(false);
    expect(parse("a..b")).toBe(false);
    expect(parse("ok", "1+".repeat(5_001) + "1")).toBe(false);
    expect(parse("address.city")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  describe("hostile expressions are contained", () => {
    it("a catastrophic regular expression runs in linear time (RE2)", async () => {
      expect(await one('$contains($pad("", 40, "a") & "!", /^(a+)+$/)')).toBe(false);
      await expect(one('$match("aa", /(a)\\1/)')).rejects.toThrow(/not supported/);
    });

    it("endless recursion stops at the depth limit (or, for a tail call, which JSONata runs as a loop, at the time limit)", async () => {
      await expect(one("($f := function($n) { $f($n + 1) + 1 }; $f(0))")).rejects.toThrow(/deeper than/);
      await expect(one("($f := function($n) { $f($n + 1) }; $f(0))")).rejects.toThrow(/took longer than/);
    }, 20_000);

    it("exponential work stops at the time limit while the event loop keeps running", async () => {
      let ticks = 0;
      const timer = setInterval(() => (ticks += 1), 20);
      await expect(one("($f := function($n) { $n > 0 ? $f($n - 1) + $f($n - 1) : 1 }; $f(40))")).rejects.toThrow(/took longer than/);
      clearInterval(timer);
      expect(ticks).toBeGreaterThan(0);
    }, 20_000);

    it("huge strings and lists are refused before they are built, and so is their sum", async () => {
      await expect(one('$pad("", 500000000)')).rejects.toThrow(/too large/);
      await expect(one("$count([1..5000000])")).rejects.toThrow(/sequence of more than/);
      await expect(one('$join([1..50000].$string(), $pad("", 100000))')).rejects.toThrow(/too large/);
      await expect(one('$count([1..90000].$pad("", 500000))')).rejects.toThrow(/too large/);
    });

    it("deep nesting in the expression or the input fails the node, not the process", async () => {
      await expect(one(`${"(".repeat(4_000)}1${")".repeat(4_000)}`)).rejects.toThrow();
      const deep = JSON.parse(`${"[".repeat(5_000)}1${"]".repeat(5_000)}`) as unknown;
      await expect(one("$count(**)", { deep })).rejects.toThrow();
    }, 20_000);

    it("an expression cannot build and run another expression", async () => {
      await expect(one('$eval("1 + 1")')).rejects.toThrow(/not available/);
    });

    it("an input or a result over 1 MB is refused", async () => {
      await expect(one("$", { big: "x".repeat(1_100_000) })).rejects.toThrow(/larger than 1 MB/);
      await expect(run([{ name: "a", expression: '$pad("", 600000)' }, { name: "b", expression: '$pad("", 600000)' }], {})).rejects.toThrow(/larger than 1 MB/);
    });

    it("a cancelled run stops the evaluation", async () => {
      const controller = new AbortController();
      const pending = transformValue(data([{ name: "v", expression: "($f := function($n) { $n > 0 ? $f($n - 1) + $f($n - 1) : 1 }; $f(40))" }]), {}, { inputs: {}, nodes: {} }, controller.signal);
      controller.abort(new Error("cancelled"));
      await expect(pending).rejects.toThrow(/cancelled/);
    });
  });
});
