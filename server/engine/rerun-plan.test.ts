import { describe, expect, it } from "vitest";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { planRerun, type PreviousNodeRun } from "./rerun-plan";

const ok = (nodeId: string, ...takenHandles: string[]): PreviousNodeRun => ({ nodeId, status: "succeeded", takenHandles: takenHandles.length ? takenHandles : ["out"] });
const skipped = (nodeId: string): PreviousNodeRun => ({ nodeId, status: "skipped", takenHandles: [] });
const failed = (nodeId: string): PreviousNodeRun => ({ nodeId, status: "failed", takenHandles: [] });

const sorted = (ids: readonly string[]) => [...ids].sort();

// input_1 → a → b → c → out
const chain = graph(
  [node("input_1", "input"), node("a", "agent"), node("b", "agent"), node("c", "prompt_template"), node("out", "output")],
  [edge("input_1", "a"), edge("a", "b"), edge("b", "c"), edge("c", "out")],
);
const chainDone = ["input_1", "a", "b", "c", "out"].map((id) => ok(id));

// input_1 → cond →(true) yes → polish → out ; cond →(false) no → out
const branching = graph(
  [node("input_1", "input"), node("cond", "condition"), node("yes", "prompt_template"), node("polish", "agent"), node("no", "prompt_template"), node("out", "output")],
  [edge("input_1", "cond"), edge("cond", "yes", "true"), edge("yes", "polish"), edge("polish", "out"), edge("cond", "no", "false"), edge("no", "out")],
);
const branchingDone = [ok("input_1"), ok("cond", "true"), ok("yes"), ok("polish"), skipped("no"), ok("out")];

describe("planRerun", () => {
  it("re-runs the whole run from its root nodes, reusing nothing", () => {
    const twoRoots = graph([node("in_a", "input"), node("in_b", "input"), node("m", "merge"), node("out", "output")], [edge("in_a", "m"), edge("in_b", "m"), edge("m", "out")]);
    const plan = planRerun(twoRoots, ["in_a", "in_b", "m", "out"].map((id) => ok(id)), null);
    expect(plan).toEqual({ ok: true, reused: [], ready: ["in_a", "in_b"], skipped: [] });
    expect(planRerun(chain, chainDone, null)).toEqual({ ok: true, reused: [], ready: ["input_1"], skipped: [] });
  });

  it("from a middle node of a chain: reuses upstream, readies that node, leaves downstream for later", () => {
    const plan = planRerun(chain, chainDone, "b");
    expect(plan).toEqual({ ok: true, reused: ["input_1", "a"], ready: ["b"], skipped: [] });
  });

  it("from the first node after the input: only the input is reused", () => {
    expect(planRerun(chain, chainDone, "a")).toEqual({ ok: true, reused: ["input_1"], ready: ["a"], skipped: [] });
  });

  it("from a root node: runs it again like a whole re-run", () => {
    expect(planRerun(chain, chainDone, "input_1")).toEqual({ ok: true, reused: [], ready: ["input_1"], skipped: [] });
  });

  it("after a Condition: the branch skipped earlier stays skipped, reused, and is not re-run", () => {
    const plan = planRerun(branching, branchingDone, "polish");
    if (!plan.ok) throw new Error(plan.reason);
    expect(sorted(plan.reused)).toEqual(["cond", "input_1", "no", "yes"]);
    expect(plan.ready).toEqual(["polish"]);
    expect(plan.skipped).toEqual([]);
  });

  it("from the Condition itself: both branches are decided anew, nothing after it reused", () => {
    const plan = planRerun(branching, branchingDone, "cond");
    expect(plan).toEqual({ ok: true, reused: ["input_1"], ready: ["cond"], skipped: [] });
  });

  it("refuses a node whose predecessor failed in the earlier run, naming the predecessor", () => {
    const earlier = [ok("input_1"), failed("a")];
    const plan = planRerun(chain, earlier, "b");
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.reason).toContain("a did not finish");
    expect(plan.reason).toContain("b cannot be re-run");
  });

  it("refuses a node whose predecessor never ran in the earlier run", () => {
    const plan = planRerun(chain, [ok("input_1"), ok("a")], "c");
    expect(plan).toMatchObject({ ok: false });
    if (!plan.ok) expect(plan.reason).toMatch(/\bb did not finish/);
  });

  it("re-runs the node whose own failure ended the earlier run", () => {
    const plan = planRerun(chain, [ok("input_1"), failed("a")], "a");
    expect(plan).toEqual({ ok: true, reused: ["input_1"], ready: ["a"], skipped: [] });
  });

  it("refuses a node that runs as an agent's tool", () => {
    const withTool = graph(
      [node("input_1", "input"), node("agent", "agent"), node("calc", "calculator"), node("out", "output")],
      [edge("input_1", "agent"), edge("calc", "agent", "tool", "tools"), edge("agent", "out")],
    );
    const plan = planRerun(withTool, [ok("input_1"), ok("agent"), ok("out")], "calc");
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.reason).toContain("tool");
    // Re-running from the agent itself is fine, and its tool is not a root of its own.
    expect(planRerun(withTool, [ok("input_1"), ok("agent"), ok("out")], "agent")).toEqual({ ok: true, reused: ["input_1"], ready: ["agent"], skipped: [] });
    expect(planRerun(withTool, [], null)).toEqual({ ok: true, reused: [], ready: ["input_1"], skipped: [] });
  });

  it("refuses a node that is not in the flow", () => {
    const plan = planRerun(chain, chainDone, "ghost");
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.reason).toContain('"ghost"');
  });

  it("re-executes an unrelated branch that failed earlier instead of reusing it", () => {
    // input_1 → left → out_l ; input_1 → right → out_r ; right failed, so the run failed
    const parallel = graph(
      [node("input_1", "input"), node("left", "agent"), node("out_l", "output"), node("right", "agent"), node("out_r", "output")],
      [edge("input_1", "left"), edge("left", "out_l"), edge("input_1", "right"), edge("right", "out_r")],
    );
    const earlier = [ok("input_1"), ok("left"), ok("out_l"), failed("right"), { nodeId: "out_r", status: "cancelled" as const, takenHandles: [] }];
    const plan = planRerun(parallel, earlier, "left");
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.reused).toEqual(["input_1"]);
    expect(sorted(plan.ready)).toEqual(["left", "right"]);
    expect(plan.reused).not.toContain("right");
    expect(plan.reused).not.toContain("out_r");
  });

  it("re-executes a failed root of another branch", () => {
    const twoRoots = graph([node("in_a", "input"), node("a", "agent"), node("in_b", "input"), node("b", "agent")], [edge("in_a", "a"), edge("in_b", "b")]);
    const plan = planRerun(twoRoots, [ok("in_a"), ok("a"), failed("in_b")], "a");
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.reused).toEqual(["in_a"]);
    expect(sorted(plan.ready)).toEqual(["a", "in_b"]);
  });

  it("never re-executes an ancestor of the chosen node, even one whose failure went down its error edge", () => {
    // input_1 → agent →(error) handler → fin ; agent →(out) ok_out. The agent failed, the handler took over, the run succeeded.
    const handled = graph(
      [node("input_1", "input"), node("agent", "agent"), node("handler", "prompt_template"), node("fin", "output"), node("ok_out", "output")],
      [edge("input_1", "agent"), edge("agent", "handler", "error"), edge("handler", "fin"), edge("agent", "ok_out")],
    );
    const earlier: PreviousNodeRun[] = [ok("input_1"), { nodeId: "agent", status: "failed", takenHandles: ["error"] }, ok("handler"), ok("fin"), skipped("ok_out")];
    const plan = planRerun(handled, earlier, "fin");
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.ready).toEqual(["fin"]);
  });

  it("does not reuse results of nodes downstream of the chosen one, even when they succeeded", () => {
    // input_1 → a → m ; input_1 → b → m ; m → out — re-run from a: b is reused, m and out are not.
    const diamond = graph(
      [node("input_1", "input"), node("a", "agent"), node("b", "agent"), node("m", "merge"), node("out", "output")],
      [edge("input_1", "a"), edge("input_1", "b"), edge("a", "m"), edge("b", "m"), edge("m", "out")],
    );
    const plan = planRerun(diamond, ["input_1", "a", "b", "m", "out"].map((id) => ok(id)), "a");
    if (!plan.ok) throw new Error(plan.reason);
    expect(sorted(plan.reused)).toEqual(["b", "input_1"]);
    expect(plan.ready).toEqual(["a"]);
  });
});
