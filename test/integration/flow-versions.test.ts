import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowGraph } from "@/lib/flow/graph";
import { nodeDefinitions } from "@/lib/flow/node-types/index";
import { sampleGraph } from "@/lib/flow/sample-graph";
import { createTestApp, type TestApp } from "./support/app";
import { codeOf, rejection } from "./support/trpc-outcome";

let app: TestApp;
let owner: Awaited<ReturnType<TestApp["newUser"]>>;
let outsider: Awaited<ReturnType<TestApp["newUser"]>>;

beforeAll(async () => {
  app = await createTestApp({ worker: false });
  owner = await app.newUser("Owner");
  outsider = await app.newUser("Outsider");
});
afterAll(async () => {
  await app?.close();
});

async function newFlow(name: string): Promise<string> {
  return (await owner.caller.flow.create({ workspaceId: owner.workspaceId, name })).id;
}

/** The sample graph plus a second agent: a graph that differs from the sample in one node. */
function withSecondAgent(): FlowGraph {
  const g = sampleGraph();
  g.nodes.push({ id: "agent_2", type: "agent", position: { x: 300, y: 200 }, data: { ...nodeDefinitions.agent.defaults(), systemPrompt: "Second." } });
  return g;
}

describe("drafts", () => {
  it("autosaves a draft that flow.get returns, bumping the revision each time", async () => {
    const flowId = await newFlow("Drafty");
    const fresh = await owner.caller.flow.get({ flowId });
    expect(fresh).toMatchObject({ version: 0, revision: 0, unversioned: false, savedAt: null, draftSavedAt: null });
    expect(fresh.graph.nodes).toEqual([]);

    const first = await owner.caller.flow.saveDraft({ flowId, graph: sampleGraph(), baseRevision: 0 });
    expect(first).toMatchObject({ revision: 1, unversioned: true });
    const second = await owner.caller.flow.saveDraft({ flowId, graph: withSecondAgent(), baseRevision: first.revision });
    expect(second.revision).toBe(2);

    const loaded = await owner.caller.flow.get({ flowId });
    expect(loaded).toMatchObject({ version: 0, revision: 2, unversioned: true });
    expect(loaded.graph).toEqual(withSecondAgent());
    expect(loaded.savedAt).toEqual(second.savedAt);
    // A draft is not a version.
    expect(await app.db.flowVersion.count({ where: { flowId } })).toBe(0);
  });

  it("refuses a save based on an old revision (another tab), keeping the newer draft; force overwrites", async () => {
    const flowId = await newFlow("Two tabs");
    const loaded = await owner.caller.flow.get({ flowId });
    // Tab A saves; tab B, still based on the revision it loaded, is told the flow changed.
    const a = await owner.caller.flow.saveDraft({ flowId, graph: sampleGraph(), baseRevision: loaded.revision });
    const error = await rejection(owner.caller.flow.saveDraft({ flowId, graph: withSecondAgent(), baseRevision: loaded.revision }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe("This flow was changed in another tab or by someone else");
    expect((await owner.caller.flow.get({ flowId })).graph).toEqual(sampleGraph());

    // B chooses "Keep mine": the overwrite lands, and A's next save is the stale one now.
    const b = await owner.caller.flow.saveDraft({ flowId, graph: withSecondAgent(), baseRevision: loaded.revision, force: true });
    expect(b.revision).toBe(a.revision + 1);
    expect((await owner.caller.flow.get({ flowId })).graph).toEqual(withSecondAgent());
    expect((await rejection(owner.caller.flow.saveDraft({ flowId, graph: sampleGraph(), baseRevision: a.revision }))).code).toBe("CONFLICT");
  });

  it("stores a draft equal to the newest version as no draft at all", async () => {
    const flowId = await newFlow("Back and forth");
    const v = await owner.caller.flow.saveVersion({ flowId, graph: sampleGraph(), baseRevision: 0, message: "base" });
    const changed = await owner.caller.flow.saveDraft({ flowId, graph: withSecondAgent(), baseRevision: v.revision });
    expect(changed.unversioned).toBe(true);
    // Undo back to what version 1 holds (keys in another order: compared as JSON, not text).
    const reordered = JSON.parse(JSON.stringify(sampleGraph(), (_k, value: unknown) => (value && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value)));
    const back = await owner.caller.flow.saveDraft({ flowId, graph: reordered, baseRevision: changed.revision });
    expect(back.unversioned).toBe(false);
    const row = await app.db.flow.findUniqueOrThrow({ where: { id: flowId } });
    expect(row.draftGraph).toBeNull();
    expect(await owner.caller.flow.get({ flowId })).toMatchObject({ version: 1, revision: back.revision, unversioned: false, graph: sampleGraph() });
  });

  it("refuses an invalid graph with a clear message and saves nothing", async () => {
    const flowId = await newFlow("Careful");
    await owner.caller.flow.saveDraft({ flowId, graph: sampleGraph(), baseRevision: 0 });
    const broken = { ...sampleGraph(), edges: [...sampleGraph().edges, { id: "e9", source: "agent_1", sourceHandle: "out", target: "ghost", targetHandle: "in" }] };
    for (const attempt of [
      owner.caller.flow.saveDraft({ flowId, graph: broken, baseRevision: 1 }),
      owner.caller.flow.saveVersion({ flowId, graph: broken, baseRevision: 1, message: "broken" }),
    ]) {
      const error = await rejection(attempt);
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toBe('The graph is invalid: edges.2.target: Edge e9 ends at missing node "ghost"');
    }
    expect(await owner.caller.flow.get({ flowId })).toMatchObject({ revision: 1, version: 0, graph: sampleGraph() });
    expect(await app.db.flowVersion.count({ where: { flowId } })).toBe(0);
    expect((await rejection(owner.caller.flow.saveVersion({ flowId, graph: sampleGraph(), baseRevision: 1, message: "   " }))).code).toBe("BAD_REQUEST");
  });
});

describe("versions", () => {
  let flowId: string;

  beforeAll(async () => {
    flowId = await newFlow("Versioned");
  });

  it("saves the editor's graph as a version with its message, replacing the draft", async () => {
    const draft = await owner.caller.flow.saveDraft({ flowId, graph: sampleGraph(), baseRevision: 0 });
    const v1 = await owner.caller.flow.saveVersion({ flowId, graph: sampleGraph(), baseRevision: draft.revision, message: "  first  " });
    expect(v1).toMatchObject({ version: 1, revision: draft.revision + 1 });
    expect(await owner.caller.flow.get({ flowId })).toMatchObject({ version: 1, revision: v1.revision, unversioned: false, graph: sampleGraph() });
    // A stale tab cannot save a version over it either.
    expect((await rejection(owner.caller.flow.saveVersion({ flowId, graph: withSecondAgent(), baseRevision: draft.revision, message: "late" }))).code).toBe("CONFLICT");

    const draft2 = await owner.caller.flow.saveDraft({ flowId, graph: withSecondAgent(), baseRevision: v1.revision });
    const v2 = await owner.caller.flow.saveVersion({ flowId, graph: withSecondAgent(), baseRevision: draft2.revision, message: "second agent" });
    expect(v2.version).toBe(2);
  });

  it("lists who saved what when, newest first, a page at a time", async () => {
    const { items, nextCursor } = await owner.caller.flow.versions({ flowId });
    expect(nextCursor).toBeNull();
    expect(items.map((v) => [v.version, v.message, v.createdBy.name, v.createdBy.email])).toEqual([
      [2, "second agent", "Owner", "owner1@example.test"],
      [1, "first", "Owner", "owner1@example.test"],
    ]);
    expect(items[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(items[1]!.createdAt.getTime());
    const page = await owner.caller.flow.versions({ flowId, limit: 1 });
    expect(page.items.map((v) => v.version)).toEqual([2]);
    const rest = await owner.caller.flow.versions({ flowId, limit: 1, cursor: page.nextCursor });
    expect(rest).toMatchObject({ items: [{ version: 1 }], nextCursor: null });
    expect((await owner.caller.flow.version({ flowId, version: 1 })).graph).toEqual(sampleGraph());
    expect((await rejection(owner.caller.flow.version({ flowId, version: 9 }))).code).toBe("NOT_FOUND");
  });

  it("restores an old version as a new version equal to it, first keeping a differing draft", async () => {
    const current = await owner.caller.flow.get({ flowId });
    const unsaved = withSecondAgent();
    unsaved.nodes.push({ id: "output_2", type: "output", position: { x: 900, y: 0 }, data: nodeDefinitions.output.defaults() });
    const draft = await owner.caller.flow.saveDraft({ flowId, graph: unsaved, baseRevision: current.revision });

    const restored = await owner.caller.flow.restoreVersion({ flowId, version: 1, baseRevision: draft.revision });
    expect(restored).toMatchObject({ version: 4, graph: sampleGraph() });
    expect(restored.revision).toBeGreaterThan(draft.revision);
    const { items } = await owner.caller.flow.versions({ flowId });
    expect(items.map((v) => [v.version, v.message])).toEqual([
      [4, "Restored version 1"],
      [3, "Autosaved before restoring version 1"],
      [2, "second agent"],
      [1, "first"],
    ]);
    // Nothing was lost: the draft is version 3, and version 4 is exactly version 1.
    expect((await owner.caller.flow.version({ flowId, version: 3 })).graph).toEqual(unsaved);
    expect((await owner.caller.flow.version({ flowId, version: 4 })).graph).toEqual((await owner.caller.flow.version({ flowId, version: 1 })).graph);
    expect(await owner.caller.flow.get({ flowId })).toMatchObject({ version: 4, revision: restored.revision, unversioned: false, graph: sampleGraph() });

    // Restoring without a draft adds just the one version; a stale revision is refused.
    expect((await rejection(owner.caller.flow.restoreVersion({ flowId, version: 2, baseRevision: draft.revision }))).code).toBe("CONFLICT");
    const again = await owner.caller.flow.restoreVersion({ flowId, version: 2, baseRevision: restored.revision });
    expect(again.version).toBe(5);
    expect(await app.db.flowVersion.count({ where: { flowId } })).toBe(5);
  });

  it("turns a changed draft into a version before a run, and only then", async () => {
    const current = await owner.caller.flow.get({ flowId });
    expect(await owner.caller.flow.prepareRun({ flowId, baseRevision: current.revision })).toEqual({ version: 5, revision: current.revision, created: false });
    const draft = await owner.caller.flow.saveDraft({ flowId, graph: sampleGraph(), baseRevision: current.revision });
    const prepared = await owner.caller.flow.prepareRun({ flowId, baseRevision: draft.revision });
    expect(prepared).toEqual({ version: 6, revision: draft.revision + 1, created: true });
    expect((await owner.caller.flow.versions({ flowId })).items[0]).toMatchObject({ version: 6, message: "Saved for run" });
    // The run executes exactly that version.
    const { runId } = await owner.caller.run.start({ flowId, inputs: { topic: "tides" } });
    const run = await app.db.run.findUniqueOrThrow({ where: { id: runId }, include: { flowVersion: true } });
    expect(run.flowVersion.version).toBe(6);
  });

  it("the old direct save keeps the draft as a version first, so nothing is lost, and an editor still on the draft hears of it", async () => {
    const current = await owner.caller.flow.get({ flowId });
    await owner.caller.flow.saveDraft({ flowId, graph: withSecondAgent(), baseRevision: current.revision });
    const saved = await owner.caller.flow.save({ flowId, graph: sampleGraph() });
    expect(saved).toEqual({ version: 8 });
    expect(await owner.caller.flow.version({ flowId, version: 7 })).toMatchObject({ graph: withSecondAgent() });
    expect(await owner.caller.flow.get({ flowId })).toMatchObject({ version: 8, unversioned: false, graph: sampleGraph() });
    expect((await rejection(owner.caller.flow.saveDraft({ flowId, graph: withSecondAgent(), baseRevision: current.revision + 1 }))).code).toBe("CONFLICT");
  });
});

describe("authorization", () => {
  let flowId: string;

  beforeAll(async () => {
    flowId = await newFlow("Private");
    await owner.caller.flow.saveVersion({ flowId, graph: sampleGraph(), baseRevision: 0, message: "mine" });
  });

  const everything = (caller: typeof outsider.caller) => ({
    versions: () => caller.flow.versions({ flowId }),
    version: () => caller.flow.version({ flowId, version: 1 }),
    saveDraft: () => caller.flow.saveDraft({ flowId, graph: sampleGraph(), baseRevision: 1, force: true }),
    saveVersion: () => caller.flow.saveVersion({ flowId, graph: sampleGraph(), baseRevision: 1, message: "x" }),
    restoreVersion: () => caller.flow.restoreVersion({ flowId, version: 1, baseRevision: 1 }),
    prepareRun: () => caller.flow.prepareRun({ flowId, baseRevision: 1 }),
  });

  it("someone outside the workspace is told the flow does not exist, for every procedure", async () => {
    for (const [name, attempt] of Object.entries(everything(outsider.caller))) expect([name, await codeOf(attempt())]).toEqual([name, "NOT_FOUND"]);
  });

  it("a viewer of the workspace can read versions but not write", async () => {
    await app.db.membership.create({ data: { workspaceId: owner.workspaceId, userId: outsider.id, role: "viewer" } });
    try {
      const codes = Object.fromEntries(await Promise.all(Object.entries(everything(outsider.caller)).map(async ([name, attempt]) => [name, await codeOf(attempt())])));
      expect(codes).toEqual({ versions: "OK", version: "OK", saveDraft: "FORBIDDEN", saveVersion: "FORBIDDEN", restoreVersion: "FORBIDDEN", prepareRun: "FORBIDDEN" });
    } finally {
      await app.db.membership.deleteMany({ where: { workspaceId: owner.workspaceId, userId: outsider.id } });
    }
    expect(await owner.caller.flow.get({ flowId })).toMatchObject({ version: 1, revision: 1, graph: sampleGraph() });
    expect(await app.db.flowVersion.count({ where: { flowId } })).toBe(1);
  });
});
