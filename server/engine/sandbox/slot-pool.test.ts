import { describe, expect, it } from "vitest";
import { SlotPool } from "./slot-pool";

const never = new AbortController().signal;

describe("slot pool", () => {
  it("caps one key below the total so another key still gets a slot", async () => {
    const pool = new SlotPool(3, 2);
    await pool.acquire("a", never);
    await pool.acquire("a", never);
    let third = false;
    void pool.acquire("a", never).then(() => (third = true));
    const other = await pool.acquire("b", never);
    await Promise.resolve();
    expect(third).toBe(false);
    expect(pool.stats).toEqual({ holding: 3, waiting: 1 });
    other();
    await Promise.resolve();
    // b's slot is free but a is still at its cap
    expect(third).toBe(false);
  });

  it("serves waiters in order, skipping those whose key is at its cap", async () => {
    const pool = new SlotPool(2, 1);
    const releaseA = await pool.acquire("a", never);
    const releaseB = await pool.acquire("b", never);
    const order: string[] = [];
    const a2 = pool.acquire("a", never).then((r) => (order.push("a2"), r));
    const c = pool.acquire("c", never).then((r) => (order.push("c"), r));
    releaseB();
    (await c)();
    releaseA();
    (await a2)();
    expect(order).toEqual(["c", "a2"]);
    expect(pool.stats).toEqual({ holding: 0, waiting: 0 });
  });

  it("an aborted waiter leaves the queue at once with the signal's reason", async () => {
    const pool = new SlotPool(1, 1);
    const release = await pool.acquire("a", never);
    const controller = new AbortController();
    const waiting = pool.acquire("b", controller.signal);
    expect(pool.stats.waiting).toBe(1);
    controller.abort(new Error("Cancelled"));
    await expect(waiting).rejects.toThrow("Cancelled");
    expect(pool.stats.waiting).toBe(0);
    release();
    expect(pool.stats.holding).toBe(0);
    await expect(pool.acquire("c", AbortSignal.abort(new Error("already")))).rejects.toThrow("already");
  });

  it("a release function works once", async () => {
    const pool = new SlotPool(1, 1);
    const release = await pool.acquire("a", never);
    release();
    release();
    expect(pool.stats.holding).toBe(0);
  });
});
