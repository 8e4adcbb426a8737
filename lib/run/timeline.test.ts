import { describe, expect, it } from "vitest";
import type { RunEvent, RunEventBody } from "./events";
import { buildTimeline, type TimelineRow } from "./timeline";

const T0 = Date.parse("2026-11-21T10:00:00.000Z");
const usage = { tokensIn: 0, tokensOut: 0, costNanoUsd: 0 };

/** Builds a log from [msAfterT0, body] pairs, numbering seq in order. */
function log(...entries: [number, RunEventBody][]): RunEvent[] {
  return entries.map(([ms, body], i) => ({ ...body, seq: i + 1, at: new Date(T0 + ms).toISOString() }) as RunEvent);
}

const runQueued: RunEventBody = { type: "run.queued", nodeId: null, payload: { budgetNanoUsd: null } };
const runStarted: RunEventBody = { type: "run.started", nodeId: null, payload: {} };
const runSucceeded: RunEventBody = { type: "run.succeeded", nodeId: null, payload: { ...usage, durationMs: 0 } };
const queued = (nodeId: string): RunEventBody => ({ type: "node.queued", nodeId, payload: {} });
const started = (nodeId: string, attempt = 1): RunEventBody => ({ type: "node.started", nodeId, payload: { attempt } });
const succeeded = (nodeId: string): RunEventBody => ({
  type: "node.succeeded",
  nodeId,
  payload: { ...usage, durationMs: 0, outputPreview: "", takenHandles: ["out"] },
});

const rowOf = (rows: TimelineRow[], nodeId: string) => {
  const row = rows.find((r) => r.nodeId === nodeId);
  if (!row) throw new Error(`no row for ${nodeId}`);
  return row;
};

describe("buildTimeline", () => {
  it("shows a node queued, then running until it succeeded, at the logged times", () => {
    const events = log([0, runQueued], [0, queued("a")], [10, runStarted], [25, started("a")], [400, succeeded("a")], [410, runSucceeded]);
    const timeline = buildTimeline(events, T0 + 99_999);
    expect(timeline.startMs).toBe(T0);
    expect(timeline.endMs).toBe(T0 + 410);
    expect(timeline.rows.map((r) => r.nodeId)).toEqual(["a"]);
    expect(rowOf(timeline.rows, "a").spans).toMatchObject([
      { kind: "queued", startMs: T0, endMs: T0 + 25 },
      { kind: "running", startMs: T0 + 25, endMs: T0 + 400, attempt: 1, end: "succeeded" },
    ]);
  });

  it("ends the running span with failed when the node failed", () => {
    const events = log([0, queued("a")], [5, started("a")], [50, { type: "node.failed", nodeId: "a", payload: { durationMs: 45, error: "boom", handled: false } }]);
    expect(rowOf(buildTimeline(events, T0 + 1_000).rows, "a").spans.at(-1)).toEqual({ kind: "running", startMs: T0 + 5, endMs: T0 + 50, attempt: 1, end: "failed" });
  });

  it("shows a retry as attempt 1 ended by retrying, the backoff, then attempt 2", () => {
    const events = log(
      [0, queued("a")],
      [10, started("a", 1)],
      [110, { type: "node.retrying", nodeId: "a", payload: { attempt: 1, delayMs: 500, error: "rate limited" } }],
      [620, started("a", 2)],
      [900, succeeded("a")],
    );
    const spans = rowOf(buildTimeline(events, T0 + 5_000).rows, "a").spans;
    expect(spans.map((s) => s.kind)).toEqual(["queued", "running", "retry_wait", "running"]);
    expect(spans[1]).toEqual({ kind: "running", startMs: T0 + 10, endMs: T0 + 110, attempt: 1, end: "retrying" });
    expect(spans[2]).toMatchObject({ kind: "retry_wait", startMs: T0 + 110, endMs: T0 + 620 });
    expect(spans[3]).toEqual({ kind: "running", startMs: T0 + 620, endMs: T0 + 900, attempt: 2, end: "succeeded" });
  });

  it("shows a backoff still in progress ending when it is due", () => {
    const events = log([0, started("a", 1)], [100, { type: "node.retrying", nodeId: "a", payload: { attempt: 1, delayMs: 2_000, error: "timeout" } }]);
    const spans = rowOf(buildTimeline(events, T0 + 500).rows, "a").spans;
    expect(spans.at(-1)).toMatchObject({ kind: "retry_wait", startMs: T0 + 100, endMs: T0 + 2_100 });
  });

  it("shows the wait for a person as a waiting span ended by the decision, then running again", () => {
    const events = log(
      [0, queued("gate")],
      [10, started("gate")],
      [20, { type: "node.waiting", nodeId: "gate", payload: { message: "OK?" } }],
      [60_020, { type: "node.decided", nodeId: "gate", payload: { decision: "approved", by: "Boss", comment: "" } }],
      [60_030, succeeded("gate")],
    );
    const spans = rowOf(buildTimeline(events, T0 + 70_000).rows, "gate").spans;
    expect(spans.map((s) => s.kind)).toEqual(["queued", "running", "waiting", "running"]);
    expect(spans[2]).toEqual({ kind: "waiting", startMs: T0 + 20, endMs: T0 + 60_020, end: "decided" });
    expect(spans[3]).toMatchObject({ kind: "running", startMs: T0 + 60_020, endMs: T0 + 60_030, end: "succeeded" });
  });

  it("leaves a still-waiting node's span open", () => {
    const events = log([0, started("gate")], [20, { type: "node.waiting", nodeId: "gate", payload: { message: "OK?" } }]);
    expect(rowOf(buildTimeline(events, T0 + 5_000).rows, "gate").spans.at(-1)).toMatchObject({ kind: "waiting", endMs: null });
  });

  it("leaves a still-running node's span open and stretches the chart to now", () => {
    const events = log([0, runQueued], [0, queued("a")], [5, runStarted], [10, started("a")], [30, { type: "node.delta", nodeId: "a", payload: { text: "Hel" } }]);
    const timeline = buildTimeline(events, T0 + 2_000);
    const spans = rowOf(timeline.rows, "a").spans;
    expect(spans.map((s) => s.kind)).toEqual(["queued", "running"]);
    expect(spans[1]).toMatchObject({ kind: "running", startMs: T0 + 10, endMs: null, attempt: 1 });
    expect(timeline.endMs).toBe(T0 + 2_000);
  });

  it("gives a skipped node a row without spans", () => {
    const events = log([0, queued("a")], [5, started("a")], [9, succeeded("a")], [9, { type: "node.skipped", nodeId: "b", payload: {} }]);
    const timeline = buildTimeline(events, T0 + 100);
    expect(timeline.rows.map((r) => r.nodeId)).toEqual(["a", "b"]);
    expect(rowOf(timeline.rows, "a").spans).toHaveLength(2);
    expect(rowOf(timeline.rows, "b")).toEqual({ nodeId: "b", spans: [], reused: false });
  });

  it("gives a node reused by a re-run a row marked reused, without spans", () => {
    const reusedDone: RunEventBody = {
      type: "node.succeeded",
      nodeId: "a",
      payload: { ...usage, durationMs: 0, outputPreview: "hi", takenHandles: ["out"], reusedFrom: "run_old" },
    };
    const events = log([0, runQueued], [0, reusedDone], [0, queued("b")], [5, started("b")], [50, succeeded("b")]);
    const { rows } = buildTimeline(events, T0 + 100);
    expect(rows.map((r) => r.nodeId)).toEqual(["a", "b"]);
    expect(rowOf(rows, "a")).toEqual({ nodeId: "a", spans: [], reused: true });
    expect(rowOf(rows, "b").reused).toBe(false);
  });

  it("draws parallel nodes overlapping in time, rows in first-seen order", () => {
    const events = log(
      [0, queued("left")],
      [0, queued("right")],
      [5, started("left")],
      [7, started("right")],
      [300, succeeded("right")],
      [500, succeeded("left")],
    );
    const { rows } = buildTimeline(events, T0 + 1_000);
    expect(rows.map((r) => r.nodeId)).toEqual(["left", "right"]);
    const running = (id: string) => {
      const span = rowOf(rows, id).spans.find((s) => s.kind === "running");
      if (!span || span.endMs === null) throw new Error(`${id} has no finished running span`);
      return span as { startMs: number; endMs: number };
    };
    const left = running("left");
    const right = running("right");
    expect(left).toMatchObject({ startMs: T0 + 5, endMs: T0 + 500 });
    expect(right).toMatchObject({ startMs: T0 + 7, endMs: T0 + 300 });
    expect(Math.max(left.startMs, right.startMs)).toBeLessThan(Math.min(left.endMs, right.endMs));
  });

  it("is empty and spans no time for an empty log", () => {
    expect(buildTimeline([], T0)).toEqual({ startMs: T0, endMs: T0, rows: [] });
  });
});
