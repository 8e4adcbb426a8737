import { describe, expect, it } from "vitest";
import { runMath } from "./run-math";

const math = (expression: string, tenant = "ws_a", signal = new AbortController().signal) => runMath(expression, { tenant, signal });

describe("calculator processes", () => {
  it("computes", async () => {
    expect(await math("round(10.55 * 1.2, 2)")).toBe(12.66);
    expect(await math("[1, 2] * 2")).toBe("[2, 4]");
    expect(await math("f(x) = x^2; f(3)")).toBe("[9]");
    expect(await math("true and false")).toBe(false);
    expect(await math("concat('a', 'b')")).toBe("ab");
  });

  it.each(["config({epsilon: 100})", "c = config; c({relTol: 100})", "import({x: 1})", "typed('x', {})", "createUnit('foo')", "on('config', f)", "reviver()", "evaluate('1')", "parse('1')"])(
    "refuses %s, and the next evaluation is unchanged",
    async (expression) => {
      await expect(math(expression)).rejects.toThrow(/is not available in the Calculator/);
      expect(await math("equal(1, 99)", "ws_b")).toBe(false);
      expect(await math("equal(1, 1 + 1e-13)", "ws_b")).toBe(true);
    },
  );

  it.each([
    ["endless recursion", "f(x) = f(x); f(1)", /Maximum call stack|ran longer/],
    ["exponential recursion", "f(x) = x < 1 ? 1 : f(x - 1) + f(x - 1); f(60)", /ran longer than 2000 ms/],
    ["a huge matrix", "zeros(10000, 10000)", /ran longer than 2000 ms|more than 256 MB/],
    ["a huger matrix", "ones(1e5, 1e5)", /ran longer than 2000 ms|more than 256 MB/],
    ["a huge range", "range(1, 1e9)", /ran longer than 2000 ms|more than 256 MB/],
  ])("stops %s while another workspace's calculation goes through", async (_name, expression, error) => {
    const bad = math(expression, "ws_hostile").then(
      () => new Error("no error"),
      (e: Error) => e,
    );
    const good = math("2 + 2", "ws_other");
    expect(await good).toBe(4);
    expect((await bad).message).toMatch(error);
    expect(await math("3 * 3", "ws_hostile")).toBe(9);
  });

  it("waiting for a process ends when the signal aborts", async () => {
    const busy = math("f(x) = x < 1 ? 1 : f(x - 1) + f(x - 1); f(60)", "ws_busy");
    busy.catch(() => undefined);
    const controller = new AbortController();
    const waiting = math("1 + 1", "ws_busy", controller.signal);
    controller.abort(new Error("Cancelled"));
    await expect(waiting).rejects.toThrow("Cancelled");
    await expect(busy).rejects.toThrow(/ran longer/);
  });
});
