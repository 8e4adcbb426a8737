import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleGraph } from "@/lib/flow/sample-graph";
import { appRouter } from "@/server/api/root";
import { createTestApp, type TestApp } from "./support/app";
import { codeOf } from "./support/trpc-outcome";

let app: TestApp;
let owner: Awaited<ReturnType<TestApp["newUser"]>>;
let intruder: Awaited<ReturnType<TestApp["newUser"]>>;
let flowId: string;
let runId: string;

beforeAll(async () => {
  app = await createTestApp({ worker: false });
  owner = await app.newUser("Owner");
  intruder = await app.newUser("Intruder");
  flowId = (await owner.caller.flow.create({ workspaceId: owner.workspaceId, name: "Secret plans" })).id;
  await owner.caller.flow.save({ flowId, graph: sampleGraph() });
  runId = (await owner.caller.run.start({ flowId, inputs: { topic: "secrets" } })).runId;
});
afterAll(async () => {
  await app?.close();
});

describe("a second user cannot touch the first user's flows or runs by id", () => {
  const attempts: [string, () => Promise<unknown>][] = [
    ["flow.list", () => intruder.caller.flow.list({ workspaceId: owner.workspaceId })],
    ["flow.create", () => intruder.caller.flow.create({ workspaceId: owner.workspaceId, name: "x" })],
    ["flow.get", () => intruder.caller.flow.get({ flowId })],
    ["flow.rename", () => intruder.caller.flow.rename({ flowId, name: "pwned" })],
    ["flow.save", () => intruder.caller.flow.save({ flowId, graph: sampleGraph() })],
    ["flow.delete", () => intruder.caller.flow.delete({ flowId })],
    ["run.start", () => intruder.caller.run.start({ flowId, inputs: { topic: "x" } })],
    ["run.get", () => intruder.caller.run.get({ runId })],
    ["run.listForFlow", () => intruder.caller.run.listForFlow({ flowId })],
    ["run.list", () => intruder.caller.run.list({ workspaceId: owner.workspaceId })],
    ["run.detail", () => intruder.caller.run.detail({ runId })],
    ["run.log", () => intruder.caller.run.log({ runId })],
    ["run.rerun", () => intruder.caller.run.rerun({ runId })],
    ["run.activeForFlow", () => intruder.caller.run.activeForFlow({ flowId })],
    ["run.cancel", () => intruder.caller.run.cancel({ runId })],
    ["run.estimate", () => intruder.caller.run.estimate({ flowId, inputs: { topic: "x" } })],
    ["run.decide", () => intruder.caller.run.decide({ runId, nodeId: "agent_1", decision: "approved", comment: "" })],
    ["flow.saveDraft", () => intruder.caller.flow.saveDraft({ flowId, graph: sampleGraph(), baseRevision: 0, force: true })],
    ["flow.saveVersion", () => intruder.caller.flow.saveVersion({ flowId, graph: sampleGraph(), baseRevision: 0, message: "pwned" })],
    ["flow.prepareRun", () => intruder.caller.flow.prepareRun({ flowId, baseRevision: 0 })],
    ["flow.versions", () => intruder.caller.flow.versions({ flowId })],
    ["flow.version", () => intruder.caller.flow.version({ flowId, version: 1 })],
    ["flow.restoreVersion", () => intruder.caller.flow.restoreVersion({ flowId, version: 1, baseRevision: 0 })],
    [
      "run.events",
      async () => {
        const events = await intruder.caller.run.events({ runId });
        await events[Symbol.asyncIterator]().next();
      },
    ],
  ];

  it("covers every procedure that takes a flow, run or workspace id (a new one must be added here)", () => {
    // Procedures on the caller's own data, or checked in their own files (credentials: providers.test.ts).
    const elsewhere = new Set(["auth.signUp", "workspace.list", "credential.list", "credential.create", "credential.delete", "credential.providerStatus"]);
    const all = Object.keys(appRouter._def.procedures).filter((name) => !elsewhere.has(name));
    expect(all.filter((name) => !attempts.some(([covered]) => covered === name))).toEqual([]);
  });

  it.each(attempts)("%s answers NOT_FOUND, as for a missing id", async (_name, attempt) => {
    expect(await codeOf(attempt())).toBe("NOT_FOUND");
  });

  it("left everything as it was", async () => {
    const flow = await owner.caller.flow.get({ flowId });
    expect(flow.name).toBe("Secret plans");
    expect(flow.version).toBe(1);
    expect(await app.db.run.count({ where: { flowId } })).toBe(1);
    expect(await app.db.flow.count({ where: { workspaceId: owner.workspaceId } })).toBe(1);
  });

  it("a signed-out caller is refused everything but sign-up", async () => {
    const anonymous = app.callerFor(null);
    expect(await codeOf(anonymous.flow.get({ flowId }))).toBe("UNAUTHORIZED");
    expect(await codeOf(anonymous.workspace.list())).toBe("UNAUTHORIZED");
    expect(await codeOf(anonymous.run.get({ runId }))).toBe("UNAUTHORIZED");
  });

  it("a viewer of the workspace can read but not save, run or delete", async () => {
    await app.db.membership.create({ data: { workspaceId: owner.workspaceId, userId: intruder.id, role: "viewer" } });
    try {
      expect(await codeOf(intruder.caller.flow.get({ flowId }))).toBe("OK");
      expect(await codeOf(intruder.caller.run.get({ runId }))).toBe("OK");
      expect(await codeOf(intruder.caller.flow.save({ flowId, graph: sampleGraph() }))).toBe("FORBIDDEN");
      expect(await codeOf(intruder.caller.run.start({ flowId, inputs: { topic: "x" } }))).toBe("FORBIDDEN");
      expect(await codeOf(intruder.caller.flow.delete({ flowId }))).toBe("FORBIDDEN");
    } finally {
      await app.db.membership.deleteMany({ where: { workspaceId: owner.workspaceId, userId: intruder.id } });
    }
  });
});
