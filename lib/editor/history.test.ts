import { describe, expect, it } from "vitest";
import { emptyHistory, HISTORY_LIMIT, MERGE_WINDOW_MS, record, redo, seal, undo } from "./history";

describe("editor history", () => {
  it("undoes and redoes in order, and a new change clears what could be redone", () => {
    let h = emptyHistory<number>();
    h = record(h, 0, null, 0);
    h = record(h, 1, null, 10);
    const back = undo(h, 2)!;
    expect(back.state).toBe(1);
    const back2 = undo(back.history, back.state)!;
    expect(back2.state).toBe(0);
    expect(undo(back2.history, 0)).toBeNull();
    const forward = redo(back2.history, 0)!;
    expect(forward.state).toBe(1);
    const branched = record(forward.history, 1, null, 20);
    expect(redo(branched, 5)).toBeNull();
  });

  it("merges a burst of changes with the same key into one step, but not after a pause or a seal", () => {
    let h = emptyHistory<string>();
    h = record(h, "", "data:a", 1_000);
    h = record(h, "B", "data:a", 1_200);
    h = record(h, "Be", "data:a", 1_400);
    expect(h.past).toEqual([""]);
    h = record(h, "Bee", "data:a", 1_400 + MERGE_WINDOW_MS + 1);
    expect(h.past).toEqual(["", "Bee"]);
    h = seal(h);
    h = record(h, "Beer", "data:a", 1_400 + MERGE_WINDOW_MS + 2);
    expect(h.past).toHaveLength(3);
    h = record(h, "x", "data:b", 1_400 + MERGE_WINDOW_MS + 3);
    expect(h.past).toHaveLength(4);
  });

  it("keeps at most the newest HISTORY_LIMIT steps", () => {
    let h = emptyHistory<number>();
    for (let i = 0; i < HISTORY_LIMIT + 10; i++) h = record(h, i, null, i);
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]).toBe(10);
  });
});
