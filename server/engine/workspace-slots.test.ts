import { describe, expect, it } from "vitest";
import { WorkspaceSlots, workspaceSlotLimit } from "./workspace-slots";

describe("workspace slots", () => {
  it("caps a workspace at its share when the worker is busy, and leaves room for others", () => {
    const slots = new WorkspaceSlots(1, 2);
    expect(slots.tryTake("a")).toBe(true);
    // Over its share, and only the reserve is free: refused.
    expect(slots.tryTake("a")).toBe(false);
    expect(slots.tryTake("b")).toBe(true);
    expect(slots.tryTake("a")).toBe(false);
    slots.release("a");
    expect(slots.tryTake("a")).toBe(true);
    expect(slots.heldBy("a")).toBe(1);
  });

  it("lets a lone tenant use the worker beyond its share while a reserve stays free", () => {
    const slots = new WorkspaceSlots(32, 64);
    let taken = 0;
    while (slots.tryTake("solo")) taken++;
    expect(taken).toBe(64 - slots.reserve);
    // The reserve is there for anyone else.
    expect(slots.tryTake("other")).toBe(true);
  });

  it("a share is at least one slot and at most all", () => {
    expect(workspaceSlotLimit(32, 0.5)).toBe(16);
    expect(workspaceSlotLimit(1, 0.5)).toBe(1);
    expect(workspaceSlotLimit(8, 2)).toBe(8);
  });
});
