import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { createTestApp, type TestApp } from "../integration/support/app";

type User = Awaited<ReturnType<TestApp["newUser"]>>;
let app: TestApp;
let mallory: User;
let alice: User;
beforeAll(async () => {
  app = await createTestApp({ worker: true });
  mallory = await app.newUser("Mallory");
  alice = await app.newUser("Alice");
});
afterAll(async () => {
  await app?.close();
});

async function start(user: User, expression: string) {
  const g = graph([node("input_1", "input", { fields: [] }), node("calc", "calculator", { expression })], [edge("input_1", "calc")]);
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "calc" });
  await user.caller.flow.save({ flowId: flow.id, graph: g });
  return (await user.caller.run.start({ flowId: flow.id, inputs: {} })).runId;
}

async function outcome(user: User, runId: string) {
  const status = await app.waitForRun(runId);
  const calc = (await user.caller.run.get({ runId })).nodeRuns.find((n) => n.nodeId === "calc")!;
  return { status, output: calc.output, error: calc.error };
}

const calc = async (user: User, expression: string) => outcome(user, await start(user, expression));

function workerAlive(pid: number | undefined) {
  const child = app.worker!.child;
  return child.pid === pid && child.exitCode === null && child.signalCode === null;
}

describe("the Calculator cannot change or stall the worker for other tenants", () => {
  it.each(["config({relTol: 100, absTol: 100})", "c = config; c({relTol: 100, absTol: 100})", "import({equal: f(a, b) = true}, {override: true})"])(
    "%s is refused and another tenant's later comparison is unchanged",
    async (expression) => {
      const attack = await calc(mallory, expression);
      expect(attack.status).toBe("failed");
      expect(attack.error).toMatch(/(config|import) is not available in the Calculator/);
      const later = await calc(alice, "equal(1, 99)");
      expect(later).toMatchObject({ status: "succeeded", output: false });
    },
  );

  it.each([
    ["exponential recursion", "f(x) = x < 1 ? 1 : f(x - 1) + f(x - 1); f(80)"],
    ["a huge matrix", "zeros(10000, 10000)"],
    ["a huger matrix", "ones(1e5, 1e5)"],
    ["a huge range", "range(1, 1e9)"],
  ])("%s fails its node while another tenant's run on the same worker finishes", async (_name, expression) => {
    const pid = app.worker!.child.pid;
    const attack = start(mallory, expression);
    const other = start(alice, "round(10.55 * 1.2, 2)");
    const [bad, good] = await Promise.all([attack.then((id) => outcome(mallory, id)), other.then((id) => outcome(alice, id))]);
    expect(good).toMatchObject({ status: "succeeded", output: 12.66 });
    expect(bad.status).toBe("failed");
    expect(bad.error).toMatch(/ran longer than \d+ ms and was stopped|used more than \d+ MB of memory and was stopped/);
    expect(workerAlive(pid)).toBe(true);
    // The attacker's next calculation is served again (by a fresh process).
    expect(await calc(mallory, "6 * 7")).toMatchObject({ status: "succeeded", output: 42 });
  });
});
