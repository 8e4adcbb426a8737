import { describe, expect, it } from "vitest";
import { WorkspaceSlots, workspaceSlotLimit } from "./workspace-slots";

describe("workspace slots", () => {
  it("caps one workspace at its share and leaves room for others", () => {
    const slots = new WorkspaceSlots(2);
    expect(slots.tryTake("a")).toBe(true);
    expect(slots.tryTake("a")).toBe(true);
    expect(slots.tryTake("a")).toBe(false);
    expect(slots.tryTake("b")).toBe(true);
    slots.release("a");
    expect(slots.tryTake("a")).toBe(true);
    expect(slots.heldBy("a")).toBe(2);
  });

  it("a share is at least one slot and at most all", () => {
    expect(workspaceSlotLimit(32, 0.5)).toBe(16);
    expect(workspaceSlotLimit(1, 0.5)).toBe(1);
    expect(workspaceSlotLimit(8, 2)).toBe(8);
  });
});
