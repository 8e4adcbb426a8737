import { describe, expect, it } from "vitest";
import { runSandboxed } from "./run-sandboxed";

function run(code: string, opts: Partial<{ timeoutMs: number; memoryMb: number; tenant: string; signal: AbortSignal }> = {}) {
  return runSandboxed({
    code,
    scope: { input: { topic: "owls" }, nodes: { agent_1: { output: "hoot" } }, value: [1, 2, 3] },
    timeoutMs: opts.timeoutMs ?? 1_000,
    memoryMb: opts.memoryMb ?? 16,
    tenant: opts.tenant ?? "ws_test",
    signal: opts.signal ?? new AbortController().signal,
  });
}

describe("code sandbox", () => {
  it("computes with the scope it is given and returns JSON", async () => {
    expect(await run("return { upper: input.topic.toUpperCase(), said: nodes.agent_1.output, sum: value.reduce((a, b) => a + b, 0) };")).toEqual({
      upper: "OWLS",
      said: "hoot",
      sum: 6,
    });
    expect(await run("const x = 1;")).toBeNull();
  });

  it.each([
    ["process", "return typeof process;", "undefined"],
    ["require", "return typeof require;", "undefined"],
    ["globalThis.constructor", "return String(globalThis.constructor.constructor('return typeof process')());", "undefined"],
    ["Function('return this')", "const g = Function('return this')(); return [typeof g.process, typeof g.require, typeof g.fetch].join(',');", "undefined,undefined,undefined"],
    ["import()", "return typeof import.meta;", null],
  ])("has no host access through %s", async (_name, code, expected) => {
    if (expected === null) await expect(run(code)).rejects.toThrow(/^Code failed: SyntaxError/);
    else expect(await run(code)).toBe(expected);
  });

  it("stops an infinite loop at the time limit", async () => {
    const started = Date.now();
    await expect(run("while (true) {}", { timeoutMs: 300 })).rejects.toThrow("Code ran longer than 300 ms and was stopped");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it.each([
    ["a function", "return () => 1;", "got a function"],
    ["a symbol", "return Symbol('s');", "got a symbol"],
    ["a bigint", "return 10n;", "got a bigint"],
    ["toJSON returning undefined", "return { toJSON() { return undefined; } };", "got an object with no JSON form"],
    ["a replaced JSON.stringify", "JSON.stringify = () => '{not json'; return { a: 1 };", null],
    ["a cycle", "const a = {}; a.self = a; return a;", "Code node must return JSON-serializable data: TypeError"],
  ])("returning %s fails the node with a clear error, never the host", async (_name, code, message) => {
    if (message === null) expect(await run(code)).toEqual({ a: 1 });
    else await expect(run(code)).rejects.toThrow(message.startsWith("Code node") ? message : `Code node must return JSON-serializable data: ${message}`);
  });

  it("a memory bomb stops only its own sandbox, with a memory error, while another runs to the end", async () => {
    const bomb = run("const a = []; while (true) a.push('x'.repeat(1 << 20));", { memoryMb: 8, timeoutMs: 5_000, tenant: "ws_a" });
    const fine = run("let s = 0; for (let i = 0; i < 3e6; i++) s += i % 7; return s;", { timeoutMs: 5_000, tenant: "ws_b" });
    await expect(bomb).rejects.toThrow("Code used more than 8 MB of memory and was stopped");
    expect(await fine).toBeGreaterThan(0);
  });

  it("waiting for a slot ends when the signal aborts", async () => {
    const blockers = Array.from({ length: 2 }, () =>
      run("while (true) {}", { timeoutMs: 1_500, tenant: "ws_busy" }).then(
        () => new Error("no error"),
        (e: Error) => e,
      ),
    );
    const controller = new AbortController();
    // the tenant's cap is taken by the loops, so this one waits
    const waiting = run("return 1;", { tenant: "ws_busy", signal: controller.signal });
    controller.abort(new Error("Cancelled"));
    await expect(waiting).rejects.toThrow("Cancelled");
    for (const b of blockers) expect((await b).message).toContain("ran longer");
  });

  it("contains a memory bomb: stopped by the memory or the time limit, the host unaffected", async () => {
    const rssBefore = process.memoryUsage.rss();
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
    const started = Date.now();
    try {
      await expect(run("const a = []; while (true) a.push('x'.repeat(1 << 20));", { memoryMb: 8, timeoutMs: 1_000 })).rejects.toThrow(
        /^Code (used more than 8 MB of memory|ran longer than 1000 ms) and was stopped$/,
      );
    } finally {
      clearInterval(sampler);
    }
    expect(Date.now() - started).toBeLessThan(3_000);
    // Unwatched, this grew the process by ~2 GB; the watchdog stops it near the limit plus slack.
    expect(peak - rssBefore).toBeLessThan(200 * 1024 * 1024);
    // The sandbox still works afterwards.
    expect(await run("return 1 + 1;")).toBe(2);
  });

  it("large inputs never overflow the thread's heap (which would abort the whole process)", async () => {
    const withValue = (value: string, memoryMb: number) =>
      runSandboxed({ code: "return value.length;", scope: { input: {}, nodes: {}, value }, timeoutMs: 3_000, memoryMb, tenant: "ws_big", signal: new AbortController().signal });
    await expect(withValue("x".repeat(60e6), 4)).rejects.toThrow("The Code node's inputs (58 MB as JSON) do not fit its memory limit of 4 MB");
    expect(await withValue("x".repeat(3e6), 4)).toBe(3e6);
    await expect(withValue("x".repeat(100e6), 128)).rejects.toThrow("Code used more than 128 MB of memory and was stopped");
  });

  it("reports thrown errors with their message", async () => {
    await expect(run("throw new TypeError('bad input');")).rejects.toThrow("Code failed: TypeError: bad input");
  });
});
