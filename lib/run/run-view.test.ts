import { describe, expect, it } from "vitest";
import type { RunEvent } from "./events";
import { applyRunEvent, emptyRunView } from "./run-view";

const at = "2026-11-21T10:00:00.000Z";
const events: RunEvent[] = [
  { seq: 1, at, type: "run.queued", nodeId: null, payload: { budgetNanoUsd: null } },
  { seq: 2, at, type: "node.queued", nodeId: "a", payload: {} },
  { seq: 3, at, type: "run.started", nodeId: null, payload: {} },
  { seq: 4, at, type: "node.started", nodeId: "a", payload: { attempt: 1 } },
  { seq: 5, at, type: "node.succeeded", nodeId: "a", payload: { tokensIn: 10, tokensOut: 5, costNanoUsd: 100, durationMs: 3, outputPreview: "hi", takenHandles: ["out"] } },
  { seq: 6, at, type: "run.succeeded", nodeId: null, payload: { tokensIn: 10, tokensOut: 5, costNanoUsd: 100, durationMs: 9 } },
];

describe("run view", () => {
  it("folds events into node and run state", () => {
    const view = events.reduce(applyRunEvent, emptyRunView());
    expect(view.status).toBe("succeeded");
    expect(view.nodes.a).toMatchObject({ status: "succeeded", tokensIn: 10, costNanoUsd: 100, outputPreview: "hi" });
    expect(view.costNanoUsd).toBe(100);
    expect(view.lastSeq).toBe(6);
  });

  it("ignores events it already applied, so a replay after reconnect changes nothing", () => {
    const once = events.reduce(applyRunEvent, emptyRunView());
    const twice = [...events, ...events.slice(2)].reduce(applyRunEvent, emptyRunView());
    expect(twice).toEqual(once);
  });
});

describe("run view while a person decides", () => {
  const waitingRun: RunEvent[] = [
    { seq: 1, at, type: "run.queued", nodeId: null, payload: { budgetNanoUsd: null } },
    { seq: 2, at, type: "node.queued", nodeId: "in", payload: {} },
    { seq: 3, at, type: "run.started", nodeId: null, payload: {} },
    { seq: 4, at, type: "node.started", nodeId: "in", payload: { attempt: 1 } },
    { seq: 5, at, type: "node.succeeded", nodeId: "in", payload: { tokensIn: 0, tokensOut: 0, costNanoUsd: 0, durationMs: 1, outputPreview: "", takenHandles: ["out"] } },
    { seq: 6, at, type: "node.queued", nodeId: "gate", payload: {} },
    { seq: 7, at, type: "node.started", nodeId: "gate", payload: { attempt: 1 } },
    { seq: 8, at, type: "node.waiting", nodeId: "gate", payload: { message: "OK?" } },
  ];

  it("shows the run waiting once nothing else is in progress, and running again after the decision", () => {
    const waiting = waitingRun.reduce(applyRunEvent, emptyRunView());
    expect(waiting.status).toBe("waiting");
    expect(waiting.nodes.gate).toMatchObject({ status: "waiting", waitingMessage: "OK?" });
    const decided = applyRunEvent(waiting, { seq: 9, at, type: "node.decided", nodeId: "gate", payload: { decision: "approved", by: "Ann", comment: "" } });
    expect(decided.status).toBe("running");
    expect(decided.nodes.gate?.waitingMessage).toBeUndefined();
  });
});

describe("run view with parallel branches around a wait", () => {
  it("becomes waiting when the other branch finishes after the node started waiting", () => {
    const events: RunEvent[] = [
      { seq: 1, at, type: "run.started", nodeId: null, payload: {} },
      { seq: 2, at, type: "node.started", nodeId: "slow", payload: { attempt: 1 } },
      { seq: 3, at, type: "node.started", nodeId: "gate", payload: { attempt: 1 } },
      { seq: 4, at, type: "node.waiting", nodeId: "gate", payload: { message: "?" } },
    ];
    const view = events.reduce(applyRunEvent, emptyRunView());
    expect(view.status).toBe("running");
    const after = applyRunEvent(view, { seq: 5, at, type: "node.succeeded", nodeId: "slow", payload: { tokensIn: 0, tokensOut: 0, costNanoUsd: 0, durationMs: 1, outputPreview: "", takenHandles: ["out"] } });
    expect(after.status).toBe("waiting");
  });
});
