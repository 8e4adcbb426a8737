import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@/server/generated/prisma/client";
import { encodeCursor, runListQuery, type ListRunsInput } from "@/server/services/run-list";
import { createTestApp, type TestApp } from "./support/app";
import { seedFlow, seedRuns, type SeedFlow } from "./support/seed-runs";
import { codeOf } from "./support/trpc-outcome";

type User = Awaited<ReturnType<TestApp["newUser"]>>;

let app: TestApp;
let owner: User;
let other: User;
let flows: SeedFlow[];
let otherFlow: SeedFlow;
const NEWEST = new Date("2026-03-10T12:00:00.000Z");
const SPACING_MS = 60 * 60 * 1000; // one hour per three runs: 70 runs span about a day

beforeAll(async () => {
  app = await createTestApp({ worker: false });
  owner = await app.newUser("Owner");
  other = await app.newUser("Other");
  flows = [await seedFlow(app.db, owner.id, owner.workspaceId, "Alpha"), await seedFlow(app.db, owner.id, owner.workspaceId, "Beta")];
  otherFlow = await seedFlow(app.db, other.id, other.workspaceId, "Theirs");
  await seedRuns(app.db, { workspaceId: owner.workspaceId, userId: owner.id, flows, count: 70, idPrefix: "own_", newest: NEWEST, spacingMs: SPACING_MS, childEvery: 10 });
  await seedRuns(app.db, { workspaceId: other.workspaceId, userId: other.id, flows: [otherFlow], count: 20, idPrefix: "oth_", newest: NEWEST, spacingMs: SPACING_MS });
});
afterAll(async () => {
  await app?.close();
});

/** The ids the list should show, straight from the table. */
async function expectedIds(where: Prisma.RunWhereInput = {}): Promise<string[]> {
  const rows = await app.db.run.findMany({
    where: { workspaceId: owner.workspaceId, parentRunId: null, ...where },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

async function allPages(input: Omit<ListRunsInput, "cursor">): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: { items: { id: string }[]; nextCursor: string | null } = await owner.caller.run.list({ ...input, cursor });
    ids.push(...page.items.map((r) => r.id));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 1000);
  return { ids, pages };
}

describe("run.list", () => {
  it("lists top-level runs newest first with flow, starter, duration, tokens and cost", async () => {
    const page = await owner.caller.run.list({ workspaceId: owner.workspaceId, limit: 6 });
    // Runs 0-2 share the newest createdAt, so the id breaks the tie: 2, 1, 0, then 5, 4, 3.
    expect(page.items.map((r) => r.id)).toEqual((await expectedIds()).slice(0, 6));
    expect(page.items.map((r) => r.id)).toEqual(["own_0000002", "own_0000001", "own_0000000", "own_0000005", "own_0000004", "own_0000003"]);
    const first = page.items.find((r) => r.id === "own_0000000");
    expect(first).toMatchObject({ status: "queued", flowName: "Alpha", trigger: "manual", actorType: "user", startedBy: { name: "Owner", email: "owner1@example.test" } });
    expect(first?.createdAt.toISOString()).toBe(NEWEST.toISOString());
    expect(first?.durationMs).toBeNull();
    const finished = page.items.find((r) => r.id === "own_0000003");
    expect(finished).toMatchObject({ status: "succeeded", flowName: "Beta", tokensIn: 3, tokensOut: 3, costNanoUsd: 3000, durationMs: 30 });
    expect(page.items.find((r) => r.id === "own_0000004")).toMatchObject({ trigger: "rerun", rerunOfId: "own_0000003" });
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it("leaves out Sub-flow and Map child runs", async () => {
    const { ids } = await allPages({ workspaceId: owner.workspaceId });
    expect(ids).toHaveLength(63);
    expect(ids).not.toContain("own_0000009");
  });

  it("pages through every run exactly once, in order, with ties on createdAt broken by id", async () => {
    const { ids, pages } = await allPages({ workspaceId: owner.workspaceId, limit: 7 });
    expect(ids).toEqual(await expectedIds());
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages).toBe(9);
  });

  it("filters by status, by flow and by both, across pages", async () => {
    const byStatus = await allPages({ workspaceId: owner.workspaceId, status: "failed", limit: 4 });
    expect(byStatus.ids).toEqual(await expectedIds({ status: "failed" }));
    expect(byStatus.ids.length).toBeGreaterThan(0);
    const byFlow = await allPages({ workspaceId: owner.workspaceId, flowId: flows[1]?.flowId, limit: 6 });
    expect(byFlow.ids).toEqual(await expectedIds({ flowId: flows[1]?.flowId }));
    const both = await allPages({ workspaceId: owner.workspaceId, flowId: flows[0]?.flowId, status: "succeeded", limit: 2 });
    expect(both.ids).toEqual(await expectedIds({ flowId: flows[0]?.flowId, status: "succeeded" }));
  });

  it("filters by a date range, inclusive at both ends, from ISO strings, Dates or bare days", async () => {
    const from = new Date(NEWEST.getTime() - 5 * SPACING_MS);
    const to = new Date(NEWEST.getTime() - 2 * SPACING_MS);
    const expected = await expectedIds({ createdAt: { gte: from, lte: to } });
    expect(expected.length).toBeGreaterThan(0);
    expect((await allPages({ workspaceId: owner.workspaceId, from: from.toISOString(), to: to.toISOString(), limit: 3 })).ids).toEqual(expected);
    expect((await allPages({ workspaceId: owner.workspaceId, from, to })).ids).toEqual(expected);
    const day = await allPages({ workspaceId: owner.workspaceId, from: "2026-03-10", to: "2026-03-10" });
    expect(day.ids).toEqual(await expectedIds({ createdAt: { gte: new Date("2026-03-10T00:00:00Z"), lt: new Date("2026-03-11T00:00:00Z") } }));
    expect((await owner.caller.run.list({ workspaceId: owner.workspaceId, from: "2030-01-01" })).items).toEqual([]);
  });

  it("refuses a start date after the end date with a clear message", async () => {
    const attempt = owner.caller.run.list({ workspaceId: owner.workspaceId, from: "2026-03-10", to: "2026-03-09" });
    await expect(attempt).rejects.toThrow("The start date must be on or before the end date");
    expect(await codeOf(owner.caller.run.list({ workspaceId: owner.workspaceId, from: "2026-03-10", to: "2026-03-09" }))).toBe("BAD_REQUEST");
  });

  it("refuses a cursor it did not issue", async () => {
    expect(await codeOf(owner.caller.run.list({ workspaceId: owner.workspaceId, cursor: "not-a-cursor" }))).toBe("BAD_REQUEST");
  });

  it("refuses another user's workspace as if it did not exist", async () => {
    expect(await codeOf(other.caller.run.list({ workspaceId: owner.workspaceId }))).toBe("NOT_FOUND");
    expect(await codeOf(app.callerFor(null).run.list({ workspaceId: owner.workspaceId }))).toBe("UNAUTHORIZED");
  });

  it("refuses a flow from another workspace", async () => {
    expect(await codeOf(owner.caller.run.list({ workspaceId: owner.workspaceId, flowId: otherFlow.flowId }))).toBe("NOT_FOUND");
    expect(await codeOf(owner.caller.run.list({ workspaceId: owner.workspaceId, flowId: "no-such-flow" }))).toBe("NOT_FOUND");
  });
});

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

describe("run.list at 100,000 runs", () => {
  let big: User;
  let bigFlows: SeedFlow[];

  beforeAll(async () => {
    big = await app.newUser("Busy");
    bigFlows = await Promise.all(["One", "Two", "Three", "Four"].map((name) => seedFlow(app.db, big.id, big.workspaceId, name)));
    const inserted = await seedRuns(app.db, { workspaceId: big.workspaceId, userId: big.id, flows: bigFlows, count: 100_000, idPrefix: "big_", newest: NEWEST, spacingMs: 60_000 });
    expect(inserted).toBe(100_000);
    await app.db.$executeRawUnsafe(`ANALYZE "Run"`);
  }, 180_000);

  async function explain(text: string, values: unknown[]): Promise<PlanNode[]> {
    const [row] = await app.db.$queryRawUnsafe<{ "QUERY PLAN": { Plan: PlanNode }[] }[]>(`EXPLAIN (FORMAT JSON) ${text}`, ...values);
    const plan = row?.["QUERY PLAN"][0]?.Plan;
    if (!plan) throw new Error("EXPLAIN returned no plan");
    return planNodes(plan);
  }

  /** The plan of the exact statement the service issues for this input (and cursor). */
  function planFor(input: Parameters<typeof runListQuery>[0], cursor: { createdAt: Date; id: string } | null = null): Promise<PlanNode[]> {
    const { text, values } = runListQuery(input, cursor, 51);
    return explain(text, values);
  }

  const seqScansOnRun = (nodes: PlanNode[]) => nodes.filter((n) => n["Node Type"] === "Seq Scan" && n["Relation Name"] === "Run");

  function expectIndexedOnRun(nodes: PlanNode[]) {
    expect(seqScansOnRun(nodes)).toEqual([]);
    expect(nodes.some((n) => n["Index Name"]?.startsWith("Run_"))).toBe(true);
  }

  it("spots a Seq Scan on Run when there is one (the check below can fail)", async () => {
    expect(seqScansOnRun(await explain(`SELECT id FROM "Run" WHERE "tokensIn" = $1`, [5]))).toHaveLength(1);
  });

  it("reads the first page, filtered pages and a deep page through indexes, never a Seq Scan on Run", async () => {
    const workspaceId = big.workspaceId;
    const [deep] = await app.db.$queryRawUnsafe<{ createdAt: Date; id: string }[]>(
      `SELECT "createdAt", id FROM "Run" WHERE "workspaceId" = $1 AND "parentRunId" IS NULL ORDER BY "createdAt" DESC, id DESC OFFSET 2499 LIMIT 1`,
      workspaceId,
    );
    if (!deep) throw new Error("no deep row");
    expectIndexedOnRun(await planFor({ workspaceId }));
    expectIndexedOnRun(await planFor({ workspaceId, status: "failed" }));
    expectIndexedOnRun(await planFor({ workspaceId, flowId: bigFlows[2]?.flowId }));
    expectIndexedOnRun(await planFor({ workspaceId, from: new Date(NEWEST.getTime() - 30 * 86_400_000), to: new Date(NEWEST.getTime() - 20 * 86_400_000) }));
    expectIndexedOnRun(await planFor({ workspaceId }, deep));
    expectIndexedOnRun(await planFor({ workspaceId, status: "succeeded" }, deep));
  });

  it("returns the same rows deep in the list as OFFSET would", async () => {
    const rows = await app.db.$queryRawUnsafe<{ createdAt: Date; id: string }[]>(
      `SELECT "createdAt", id FROM "Run" WHERE "workspaceId" = $1 AND "parentRunId" IS NULL ORDER BY "createdAt" DESC, id DESC OFFSET 2499 LIMIT 51`,
      big.workspaceId,
    );
    const [deep, ...after] = rows;
    if (!deep) throw new Error("no deep row");
    const page = await big.caller.run.list({ workspaceId: big.workspaceId, cursor: encodeCursor(deep) });
    expect(page.items.map((r) => r.id)).toEqual(after.map((r) => r.id));
    expect(page.nextCursor).toEqual(expect.any(String));
  });
});
