import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { FlowGraph } from "@/lib/flow/graph";
import { sampleGraph } from "@/lib/flow/sample-graph";
import { createEditorStore } from "../editor-store";
import { Autosaver, type AutosaveApi, type SaveErrorKind } from "./autosaver";

class ApiError extends Error {
  constructor(
    readonly kind: SaveErrorKind,
    message: string,
  ) {
    super(message);
  }
}

interface Call {
  graph: FlowGraph;
  baseRevision: number;
  force: boolean;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** A server whose answers the test releases one by one. */
function fakeServer() {
  let revision = 0;
  const calls: Call[] = [];
  const stored: { graph: FlowGraph | null } = { graph: null };
  const api: AutosaveApi = {
    saveDraft: (input) =>
      new Promise((resolve, reject) => {
        calls.push({
          ...input,
          resolve: () => {
            revision += 1;
            stored.graph = input.graph;
            resolve({ revision, savedAt: new Date(), unversioned: true });
          },
          reject,
        });
      }),
    load: async () => ({ version: 3, revision, savedAt: new Date(), unversioned: true, graph: stored.graph ?? sampleGraph() }),
    describeError: (error) => (error instanceof ApiError ? { kind: error.kind, message: error.message } : { kind: "transient", message: String(error) }),
  };
  return {
    api,
    calls,
    stored,
    bump: (to: number) => (revision = to),
    last: () => calls.at(-1)!,
  };
}

function setup() {
  const store = createEditorStore({ flowId: "f", version: 1, graph: sampleGraph() });
  const server = fakeServer();
  const saver = new Autosaver(store, server.api, { savedAt: null, unversioned: false });
  const stop = saver.start();
  const s = () => store.getState();
  const agentPrompt = () => (s().nodes.find((n) => n.id === "agent_1")!.data as { systemPrompt: string }).systemPrompt;
  const type = (text: string) => s().updateNodeData("agent_1", { ...s().nodes.find((n) => n.id === "agent_1")!.data, systemPrompt: text } as never);
  return { store, server, saver, stop, s, type, agentPrompt };
}

/** Lets resolved promises run their continuations. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("Autosaver", () => {
  it("saves a second after the last edit, based on the loaded revision, then reads Saved", async () => {
    const { server, saver, s, type } = setup();
    type("A");
    expect(saver.getState().status).toBe("dirty");
    await vi.advanceTimersByTimeAsync(900);
    type("AB");
    await vi.advanceTimersByTimeAsync(900);
    expect(server.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(server.calls).toHaveLength(1);
    expect(saver.getState().status).toBe("saving");
    expect(server.last()).toMatchObject({ baseRevision: 0, force: false });
    server.last().resolve();
    await settle();
    expect(s()).toMatchObject({ dirty: false, revision: 1 });
    expect(saver.getState()).toMatchObject({ status: "saved", unversioned: true, error: null });
    expect(saver.getState().savedAt).toBeInstanceOf(Date);
  });

  it("does not wait forever while edits keep coming", async () => {
    const { server, type } = setup();
    for (let i = 0; i < 20; i++) {
      type(`x${i}`);
      await vi.advanceTimersByTimeAsync(400);
    }
    // 8 s of typing with pauses under a second: saved at least every 5 s anyway.
    expect(server.calls.length).toBeGreaterThanOrEqual(1);
    expect(server.calls[0]!.graph.nodes.find((n) => n.id === "agent_1")!.data).toMatchObject({ systemPrompt: "x12" });
  });

  it("keeps edits made during a save unsaved, and saves them next on the new revision", async () => {
    const { server, saver, s, type } = setup();
    type("first");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.calls).toHaveLength(1);
    type("first and more");
    server.calls[0]!.resolve();
    await settle();
    // The answer covers "first" only: still dirty, but now on revision 1.
    expect(s()).toMatchObject({ dirty: true, revision: 1 });
    expect(saver.getState().status).toBe("dirty");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1]).toMatchObject({ baseRevision: 1 });
    expect(server.calls[1]!.graph.nodes.find((n) => n.id === "agent_1")!.data).toMatchObject({ systemPrompt: "first and more" });
    server.calls[1]!.resolve();
    await settle();
    expect(s()).toMatchObject({ dirty: false, revision: 2 });
  });

  it("sends one save at a time: a Ctrl-S during a save waits for it", async () => {
    const { server, saver, type, s } = setup();
    type("one");
    await vi.advanceTimersByTimeAsync(1_000);
    type("two");
    const flushed = saver.flush();
    await settle();
    expect(server.calls).toHaveLength(1);
    server.calls[0]!.resolve();
    await settle();
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1]!.baseRevision).toBe(1);
    server.calls[1]!.resolve();
    expect(await flushed).toBe(true);
    expect(s().dirty).toBe(false);
  });

  it("a selection change during a save is not an edit", async () => {
    const { server, s, type } = setup();
    type("x");
    await vi.advanceTimersByTimeAsync(1_000);
    s().selectOnly(["agent_1"]);
    server.last().resolve();
    await settle();
    expect(s().dirty).toBe(false);
  });

  it("retries a failed save with growing delays and says so; Retry tries at once", async () => {
    const { server, saver, s, type } = setup();
    type("x");
    await vi.advanceTimersByTimeAsync(1_000);
    server.last().reject(new ApiError("transient", "Could not reach the server"));
    await settle();
    expect(saver.getState()).toMatchObject({ status: "error", error: "Could not reach the server" });
    expect(saver.getState().retryAt).toBe(Date.now() + 2_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(server.calls).toHaveLength(2);
    server.last().reject(new ApiError("transient", "Could not reach the server"));
    await settle();
    expect(saver.getState().retryAt).toBe(Date.now() + 4_000);
    const retried = saver.retry();
    await settle();
    expect(server.calls).toHaveLength(3);
    server.last().resolve();
    expect(await retried).toBe(true);
    expect(saver.getState()).toMatchObject({ status: "saved", error: null, retryAt: null });
    expect(s().dirty).toBe(false);
    // The planned retry was cancelled.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.calls).toHaveLength(3);
  });

  it("does not retry by itself what the server refused as invalid", async () => {
    const { server, saver, type } = setup();
    type("x");
    await vi.advanceTimersByTimeAsync(1_000);
    server.last().reject(new ApiError("invalid", "The graph is invalid: …"));
    await settle();
    expect(saver.getState()).toMatchObject({ status: "error", retryAt: null });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.calls).toHaveLength(1);
  });

  it("on a conflict stops saving; Reload theirs shows their graph, and undo brings mine back", async () => {
    const { server, saver, s, type, agentPrompt } = setup();
    const theirs = sampleGraph();
    theirs.nodes.pop();
    theirs.edges.pop();
    server.stored.graph = theirs;
    server.bump(5);
    type("mine");
    await vi.advanceTimersByTimeAsync(1_000);
    server.last().reject(new ApiError("conflict", "This flow was changed in another tab or by someone else"));
    await settle();
    expect(saver.getState()).toMatchObject({ status: "conflict", error: "This flow was changed in another tab or by someone else" });
    type("mine, more");
    await vi.advanceTimersByTimeAsync(30_000);
    expect(server.calls).toHaveLength(1);
    expect(await saver.flush()).toBe(false);

    await saver.reloadTheirs();
    expect(s().graph()).toEqual(theirs);
    expect(s()).toMatchObject({ dirty: false, revision: 5, version: 3 });
    expect(saver.getState().status).toBe("saved");
    s().undo();
    expect(agentPrompt()).toBe("mine, more");
    expect(s().dirty).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.last()).toMatchObject({ baseRevision: 5, force: false });
  });

  it("on a conflict, Keep mine saves over theirs", async () => {
    const { server, saver, s, type } = setup();
    type("mine");
    await vi.advanceTimersByTimeAsync(1_000);
    server.last().reject(new ApiError("conflict", "changed elsewhere"));
    await settle();
    const overwritten = saver.overwrite();
    await settle();
    expect(server.last()).toMatchObject({ force: true });
    server.last().resolve();
    expect(await overwritten).toBe(true);
    expect(saver.getState().status).toBe("saved");
    expect(s().dirty).toBe(false);
  });

  it("commits a version or a restore after pending saves, and applies what the server returns", async () => {
    const { server, saver, s, type } = setup();
    type("before restore");
    const restored = saver.commit(async (base) => ({ version: 4, revision: base.revision + 2, savedAt: new Date(), graph: sampleGraph() }), { flushFirst: true });
    await settle();
    // The unsaved edit is saved first (so the restore keeps it as a version).
    expect(server.calls).toHaveLength(1);
    server.last().resolve();
    const result = await restored;
    expect(result.revision).toBe(3);
    expect(s().graph()).toEqual(sampleGraph());
    expect(s()).toMatchObject({ dirty: false, version: 4, revision: 3 });
    expect(saver.getState()).toMatchObject({ status: "saved", unversioned: false });

    // A version save sends the graph on screen, without a draft save first.
    type("named");
    const named = await saver.commit(async (base) => {
      expect(base.graph.nodes.find((n) => n.id === "agent_1")!.data).toMatchObject({ systemPrompt: "named" });
      return { version: 5, revision: base.revision + 1 };
    }, { flushFirst: false });
    expect(named.version).toBe(5);
    expect(s()).toMatchObject({ dirty: false, version: 5, revision: 4 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(server.calls).toHaveLength(1);
  });

  it("a conflicting commit puts the editor in the conflict state", async () => {
    const { saver } = setup();
    await expect(saver.commit(async () => Promise.reject(new ApiError("conflict", "changed elsewhere")), { flushFirst: false })).rejects.toThrow("changed elsewhere");
    expect(saver.getState().status).toBe("conflict");
    await expect(saver.commit(async (base) => ({ revision: base.revision }), { flushFirst: false })).rejects.toThrow("changed elsewhere");
  });

  it("stops watching when stopped, sending at once an edit still waiting for its autosave", async () => {
    const { server, stop, type } = setup();
    type("x");
    stop();
    await settle();
    expect(server.calls).toHaveLength(1);
    type("y");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.calls).toHaveLength(1);
  });
});
