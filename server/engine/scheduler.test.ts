import { describe, expect, it } from "vitest";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { advance, hasActiveNodes, readiness, type NodeState } from "./scheduler";

const done = (...takenHandles: string[]): NodeState => ({ status: "succeeded", takenHandles });

// input → cond →(true) yes → out ; cond →(false) no → out
const branching = graph(
  [node("input_1", "input"), node("cond", "condition"), node("yes", "prompt_template"), node("no", "prompt_template"), node("out", "output")],
  [edge("input_1", "cond"), edge("cond", "yes", "true"), edge("cond", "no", "false"), edge("yes", "out"), edge("no", "out")],
);

describe("scheduler", () => {
  it("queues the taken branch and skips the other, transitively", () => {
    const states = new Map<string, NodeState>([["input_1", done("out")], ["cond", done("true")]]);
    expect(advance(branching, states, ["cond"])).toEqual({ ready: ["yes"], skipped: ["no"] });
    // out waits for "yes" although "no" is already skipped
    expect(readiness(branching, "out", states)).toBe("wait");
    states.set("yes", done("out"));
    expect(advance(branching, states, ["yes"])).toEqual({ ready: ["out"], skipped: [] });
  });

  it("skips a node whose every input was skipped, and everything after it", () => {
    const g = graph(
      [node("cond", "condition"), node("a", "prompt_template"), node("b", "prompt_template"), node("c", "output")],
      [edge("cond", "a", "true"), edge("a", "b"), edge("b", "c")],
    );
    const states = new Map<string, NodeState>([["cond", done("false")]]);
    expect(advance(g, states, ["cond"])).toEqual({ ready: [], skipped: ["a", "b", "c"] });
    expect(hasActiveNodes(states)).toBe(false);
  });

  it("waits for every input of a node before it runs", () => {
    const g = graph([node("a", "input"), node("b", "input"), node("m", "merge")], [edge("a", "m"), edge("b", "m")]);
    const states = new Map<string, NodeState>([["a", done("out")]]);
    expect(advance(g, states, ["a"])).toEqual({ ready: [], skipped: [] });
    states.set("b", done("out"));
    expect(advance(g, states, ["b"]).ready).toEqual(["m"]);
  });

  it("runs a merge with join any as soon as one input arrives, once", () => {
    const g = graph([node("a", "input"), node("b", "input"), node("m", "merge", { join: "any" })], [edge("a", "m"), edge("b", "m")]);
    const states = new Map<string, NodeState>([["a", done("out")]]);
    expect(advance(g, states, ["a"]).ready).toEqual(["m"]);
    states.set("b", done("out"));
    expect(advance(g, states, ["b"]).ready).toEqual([]);
  });

  it("follows an error edge only when the node failed", () => {
    const g = graph([node("agent", "agent"), node("ok", "output"), node("handler", "output")], [edge("agent", "ok"), edge("agent", "handler", "error")]);
    const failed = new Map<string, NodeState>([["agent", { status: "failed", takenHandles: ["error"] }]]);
    expect(advance(g, failed, ["agent"])).toEqual({ ready: ["handler"], skipped: ["ok"] });
    const succeeded = new Map<string, NodeState>([["agent", done("out")]]);
    expect(advance(g, succeeded, ["agent"])).toEqual({ ready: ["ok"], skipped: ["handler"] });
  });
});
