import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { createTestApp, type TestApp } from "../integration/support/app";

type User = Awaited<ReturnType<TestApp["newUser"]>>;
let app: TestApp;
let alice: User;
let bob: User;
beforeAll(async () => {
  app = await createTestApp({ worker: true });
  alice = await app.newUser("Alice");
  bob = await app.newUser("Bob");
});
afterAll(async () => {
  await app?.close();
});

async function start(user: User, g: FlowGraph) {
  const flow = await user.caller.flow.create({ workspaceId: user.workspaceId, name: "sandbox" });
  await user.caller.flow.save({ flowId: flow.id, graph: g });
  return (await user.caller.run.start({ flowId: flow.id, inputs: {} })).runId;
}

async function outcome(user: User, runId: string, timeoutMs?: number) {
  const status = await app.waitForRun(runId, timeoutMs);
  const detail = await user.caller.run.get({ runId });
  return { status, nodes: Object.fromEntries(detail.nodeRuns.map((n) => [n.nodeId, n])) };
}

function codeFlow(...codes: { id: string; code: string; timeoutMs?: number; memoryMb?: number }[]): FlowGraph {
  return graph(
    [node("input_1", "input", { fields: [] }), ...codes.map((c) => node(c.id, "code", { code: c.code, timeoutMs: c.timeoutMs ?? 1_000, memoryMb: c.memoryMb ?? 32 }))],
    codes.map((c) => edge("input_1", c.id)),
  );
}

function workerAlive(pid: number | undefined) {
  const child = app.worker!.child;
  return child.pid === pid && child.exitCode === null && child.signalCode === null;
}

describe("the Code node sandbox never takes the worker down", () => {
  it.each([
    ["a function", "return function () {};", "got a function"],
    ["a symbol", "return Symbol('boom');", "got a symbol"],
    ["an object whose toJSON returns undefined", "return { toJSON() { return undefined; } };", "got an object with no JSON form"],
    ["a guest that replaces JSON.stringify", "JSON.stringify = () => undefined; return () => 1;", "got a function"],
  ])("returning %s fails that node with a clear error; the same worker then completes another run", async (_name, code, message) => {
    const pid = app.worker!.child.pid;
    const bad = await outcome(alice, await start(alice, codeFlow({ id: "js", code })));
    expect(bad.status).toBe("failed");
    expect(bad.nodes.js!.error).toContain(`Code node must return JSON-serializable data: ${message}`);

    const good = await outcome(alice, await start(alice, codeFlow({ id: "js", code: "return { ok: true };" })));
    expect(good.status).toBe("succeeded");
    expect(good.nodes.js!.output).toEqual({ ok: true });
    expect(workerAlive(pid)).toBe(true);
  });

  it("a guest's own JSON.stringify cannot forge the result text", async () => {
    const forged = await outcome(alice, await start(alice, codeFlow({ id: "js", code: "JSON.stringify = () => '{not json'; return { real: 1 };" })));
    expect(forged.status).toBe("succeeded");
    expect(forged.nodes.js!.output).toEqual({ real: 1 });
  });

  it("a memory bomb fails only its own node with a memory error while another tenant's Code node runs to the end", async () => {
    const pid = app.worker!.child.pid;
    const bomb = start(alice, codeFlow({ id: "bomb", code: "const a = []; while (true) a.push('x'.repeat(1 << 20));", memoryMb: 8, timeoutMs: 10_000 }));
    const work = start(bob, codeFlow({ id: "work", code: "let s = 0; for (let i = 0; i < 2e6; i++) s += i % 3; return s;", timeoutMs: 10_000 }));
    const [bombed, worked] = await Promise.all([outcome(alice, await bomb), outcome(bob, await work)]);
    expect(bombed.status).toBe("failed");
    expect(bombed.nodes.bomb!.error).toBe("Code used more than 8 MB of memory and was stopped");
    expect(worked.status).toBe("succeeded");
    expect(worked.nodes.work!.output).toBe(1_999_999);
    expect(workerAlive(pid)).toBe(true);
  });

  it("one workspace cannot hold every sandbox slot, and a cancelled run stops waiting for one", async () => {
    const loop = (id: string) => ({ id, code: "while (true) {}", timeoutMs: 30_000 });
    const hog = await start(alice, codeFlow(loop("l1"), loop("l2"), loop("l3"), loop("l4"), loop("l5"), loop("l6")));
    // Wait until the hog's loops hold what they may.
    const deadline = Date.now() + 20_000;
    while ((await app.db.nodeRun.count({ where: { runId: hog, status: "running" } })) < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

    const other = await outcome(bob, await start(bob, codeFlow({ id: "js", code: "return 'served';" })), 20_000);
    expect(other.status).toBe("succeeded");
    expect(other.nodes.js!.output).toBe("served");
    expect((await app.db.run.findUniqueOrThrow({ where: { id: hog } })).status).toBe("running");

    await alice.caller.run.cancel({ runId: hog });
    // The hog's queued nodes gave up their wait: the workspace's next Code node is served long before the 30 s loops would end.
    const after = await outcome(alice, await start(alice, codeFlow({ id: "js", code: "return 'next';" })), 15_000);
    expect(after.status).toBe("succeeded");
    expect(after.nodes.js!.output).toBe("next");
  });
});
