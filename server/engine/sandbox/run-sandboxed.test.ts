import { describe, expect, it } from "vitest";
import { runSandboxed } from "./run-sandboxed";

function run(code: string, opts: Partial<{ timeoutMs: number; memoryMb: number }> = {}) {
  return runSandboxed({
    code,
    scope: { input: { topic: "owls" }, nodes: { agent_1: { output: "hoot" } }, value: [1, 2, 3] },
    timeoutMs: opts.timeoutMs ?? 1_000,
    memoryMb: opts.memoryMb ?? 16,
    signal: new AbortController().signal,
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

  it("reports thrown errors with their message", async () => {
    await expect(run("throw new TypeError('bad input');")).rejects.toThrow("Code failed: TypeError: bad input");
  });
});
