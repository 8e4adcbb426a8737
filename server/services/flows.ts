import { z } from "zod";
import { describeGraphError, emptyGraph, flowGraphSchema, MAX_GRAPH_BYTES, type FlowGraph } from "@/lib/flow/graph";
import { autoVersionMessage, versionMessageSchema } from "@/lib/flow/versions";
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { requireFlow, requireWorkspaceRole } from "./access";
import { ConflictError, InvalidInputError, NotFoundError } from "./errors";

export const flowNameSchema = z.string().trim().min(1, "Give the flow a name").max(120, "At most 120 characters");

export async function listFlows(db: Db, userId: string, workspaceId: string) {
  await requireWorkspaceRole(db, userId, workspaceId, "viewer");
  return db.flow.findMany({
    where: { workspaceId },
    orderBy: { updatedAt: "desc" },
    select: { id: true, name: true, updatedAt: true, latestVersion: true },
  });
}

export async function createFlow(db: Db, userId: string, workspaceId: string, name: string) {
  await requireWorkspaceRole(db, userId, workspaceId, "editor");
  return db.flow.create({ data: { workspaceId, name, createdById: userId }, select: { id: true, name: true } });
}

export async function renameFlow(db: Db, userId: string, flowId: string, name: string) {
  await requireFlow(db, userId, flowId, "editor");
  return db.flow.update({ where: { id: flowId }, data: { name }, select: { id: true, name: true } });
}

export async function deleteFlow(db: Db, userId: string, flowId: string) {
  await requireFlow(db, userId, flowId, "editor");
  await db.flow.delete({ where: { id: flowId } });
}

/**
 * The flow as the editor opens it: the autosaved draft, else the newest version's graph, else an
 * empty graph. `revision` is what the editor's next draft save must be based on.
 */
export async function getFlow(db: Db, userId: string, flowId: string) {
  const flow = await requireFlow(db, userId, flowId, "viewer");
  const latest =
    flow.draftGraph === null && flow.latestVersion
      ? await db.flowVersion.findUnique({ where: { flowId_version: { flowId, version: flow.latestVersion } }, select: { graph: true, createdAt: true } })
      : null;
  const stored = flow.draftGraph ?? latest?.graph;
  const graph: FlowGraph = stored ? flowGraphSchema.parse(stored) : emptyGraph();
  return {
    id: flow.id,
    name: flow.name,
    workspaceId: flow.workspaceId,
    version: flow.latestVersion,
    revision: flow.draftRevision,
    graph,
    /** The draft differs from the newest version (a run would first save it as a version). */
    unversioned: flow.draftGraph !== null,
    draftSavedAt: flow.draftSavedAt,
    /** When what `graph` shows was last written, draft or version; null before the first save. */
    savedAt: flow.draftSavedAt ?? latest?.createdAt ?? null,
  };
}

/** Validates an untrusted graph completely before anything is written. */
export function parseGraph(raw: unknown): FlowGraph {
  let size: number;
  try {
    size = JSON.stringify(raw)?.length ?? 0;
  } catch {
    throw new InvalidInputError("The graph is not valid JSON");
  }
  if (size > MAX_GRAPH_BYTES) {
    throw new InvalidInputError(`The graph is too large (${Math.round(size / 1024)} KB; the limit is ${MAX_GRAPH_BYTES / 1_000_000} MB)`);
  }
  const parsed = flowGraphSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = describeGraphError(parsed.error);
    throw new InvalidInputError(`The graph is invalid: ${lines.slice(0, 5).join("; ")}${lines.length > 5 ? ` (and ${lines.length - 5} more)` : ""}`);
  }
  return parsed.data;
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

interface LockedFlow {
  latestVersion: number;
  draftRevision: number;
  hasDraft: boolean;
}

/** Locks the flow row for the transaction: every write to versions and the draft goes through here. */
async function lockFlow(tx: Tx, flowId: string): Promise<LockedFlow> {
  const [locked] = await tx.$queryRaw<LockedFlow[]>`
    SELECT "latestVersion", "draftRevision", ("draftGraph" IS NOT NULL) AS "hasDraft" FROM "Flow" WHERE id = ${flowId} FOR UPDATE`;
  if (!locked) throw new ConflictError("The flow was deleted");
  return locked;
}

const STALE_DRAFT_MESSAGE = "This flow was changed in another tab or by someone else";

function requireRevision(locked: LockedFlow, baseRevision: number) {
  if (baseRevision !== locked.draftRevision) throw new ConflictError(STALE_DRAFT_MESSAGE);
}

/**
 * Appends version `latestVersion + 1` with `graph` and makes it the flow's state: the draft is
 * cleared and the revision bumped, so an editor still based on the old state hears of it.
 * Updates `locked` too, so a second append in the same transaction follows the first.
 */
async function appendVersion(tx: Tx, flowId: string, userId: string, locked: LockedFlow, graph: FlowGraph, message: string | null) {
  const version = locked.latestVersion + 1;
  const savedAt = new Date();
  await tx.flowVersion.create({ data: { flowId, version, schemaVersion: graph.schemaVersion, graph, createdById: userId, message, createdAt: savedAt } });
  const revision = locked.draftRevision + 1;
  await tx.flow.update({
    where: { id: flowId },
    data: { latestVersion: version, draftGraph: Prisma.DbNull, draftRevision: revision, draftSavedAt: savedAt, draftSavedById: userId },
  });
  Object.assign(locked, { latestVersion: version, draftRevision: revision, hasDraft: false });
  return { version, revision, savedAt };
}

async function draftGraphOf(tx: Tx, flowId: string): Promise<FlowGraph> {
  const flow = await tx.flow.findUniqueOrThrow({ where: { id: flowId }, select: { draftGraph: true } });
  return flowGraphSchema.parse(flow.draftGraph);
}

/** Compared in Postgres (jsonb equality ignores key order), without reading the version back. */
async function equalsVersion(tx: Tx, flowId: string, version: number, graph: FlowGraph): Promise<boolean> {
  if (version === 0) return false;
  const [row] = await tx.$queryRaw<{ same: boolean }[]>`
    SELECT graph = ${JSON.stringify(graph)}::jsonb AS same FROM "FlowVersion" WHERE "flowId" = ${flowId} AND version = ${version}`;
  return row?.same ?? false;
}

/**
 * Appends a new immutable version. With `baseVersion`, refuses when someone saved since the
 * caller loaded (no silent overwrite). The version replaces any draft.
 */
export async function saveFlowVersion(db: Db, userId: string, flowId: string, rawGraph: unknown, baseVersion?: number, message?: string) {
  await requireFlow(db, userId, flowId, "editor");
  const graph = parseGraph(rawGraph);
  return db.$transaction(async (tx) => {
    const locked = await lockFlow(tx, flowId);
    if (baseVersion !== undefined && baseVersion !== locked.latestVersion) {
      throw new ConflictError(`The flow changed since you opened it (version ${locked.latestVersion} is newer than your ${baseVersion})`);
    }
    // Someone's autosaved draft becomes a version first, so nothing is lost.
    if (locked.hasDraft) await appendVersion(tx, flowId, userId, locked, await draftGraphOf(tx, flowId), autoVersionMessage.beforeApiSave);
    const { version } = await appendVersion(tx, flowId, userId, locked, graph, message ?? null);
    return { version };
  });
}

/**
 * Autosave: stores the editor's graph as the flow's draft. `baseRevision` is the revision the
 * editor last loaded or saved; another save since then is a conflict unless `force` (the person
 * chose to overwrite). A draft equal to the newest version is stored as no draft.
 */
export async function saveDraft(db: Db, userId: string, flowId: string, rawGraph: unknown, baseRevision: number, options: { force?: boolean } = {}) {
  await requireFlow(db, userId, flowId, "editor");
  const graph = parseGraph(rawGraph);
  return db.$transaction(async (tx) => {
    const locked = await lockFlow(tx, flowId);
    if (!options.force) requireRevision(locked, baseRevision);
    const unversioned = !(await equalsVersion(tx, flowId, locked.latestVersion, graph));
    const revision = locked.draftRevision + 1;
    const savedAt = new Date();
    await tx.flow.update({
      where: { id: flowId },
      data: { draftGraph: unversioned ? graph : Prisma.DbNull, draftRevision: revision, draftSavedAt: savedAt, draftSavedById: userId },
    });
    return { revision, savedAt, unversioned };
  });
}

/** Saves the editor's graph as a new version with the person's message (and as the flow's state). */
export async function saveVersion(db: Db, userId: string, flowId: string, input: { message: string; graph: unknown; baseRevision: number }) {
  await requireFlow(db, userId, flowId, "editor");
  const message = versionMessageSchema.safeParse(input.message);
  if (!message.success) throw new InvalidInputError(message.error.issues[0]?.message ?? "Say what this version is");
  const graph = parseGraph(input.graph);
  return db.$transaction(async (tx) => {
    const locked = await lockFlow(tx, flowId);
    requireRevision(locked, input.baseRevision);
    return appendVersion(tx, flowId, userId, locked, graph, message.data);
  });
}

/**
 * Runs execute the newest version: before one starts, a draft that differs from it becomes a
 * version ("Saved for run"). Nothing happens when the draft is already a version.
 */
export async function prepareRun(db: Db, userId: string, flowId: string, baseRevision: number) {
  await requireFlow(db, userId, flowId, "editor");
  return db.$transaction(async (tx) => {
    const locked = await lockFlow(tx, flowId);
    requireRevision(locked, baseRevision);
    if (!locked.hasDraft) return { version: locked.latestVersion, revision: locked.draftRevision, created: false };
    const saved = await appendVersion(tx, flowId, userId, locked, await draftGraphOf(tx, flowId), autoVersionMessage.run);
    return { version: saved.version, revision: saved.revision, created: true };
  });
}

export const VERSIONS_PAGE_SIZE = 50;

/** Who saved what when, newest first, a page at a time (`cursor`: the version to continue below). */
export async function listVersions(db: Db, userId: string, flowId: string, cursor?: number | null, limit = VERSIONS_PAGE_SIZE) {
  await requireFlow(db, userId, flowId, "viewer");
  const rows = await db.flowVersion.findMany({
    where: { flowId, ...(cursor ? { version: { lt: cursor } } : {}) },
    orderBy: { version: "desc" },
    take: limit + 1,
    select: { version: true, message: true, createdAt: true, createdBy: { select: { name: true, email: true } } },
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.version ?? null) : null };
}

export async function getVersion(db: Db, userId: string, flowId: string, version: number) {
  await requireFlow(db, userId, flowId, "viewer");
  const row = await db.flowVersion.findUnique({
    where: { flowId_version: { flowId, version } },
    select: { version: true, message: true, createdAt: true, graph: true, createdBy: { select: { name: true, email: true } } },
  });
  if (!row) throw new NotFoundError(`Version ${version}`);
  return { ...row, graph: flowGraphSchema.parse(row.graph) };
}

/**
 * Makes an old version current again as a NEW version ("Restored version N"), so history only
 * grows. A draft that differs from the newest version is first kept as a version of its own.
 */
export async function restoreVersion(db: Db, userId: string, flowId: string, version: number, baseRevision: number) {
  await requireFlow(db, userId, flowId, "editor");
  return db.$transaction(async (tx) => {
    const locked = await lockFlow(tx, flowId);
    requireRevision(locked, baseRevision);
    const old = await tx.flowVersion.findUnique({ where: { flowId_version: { flowId, version } }, select: { graph: true } });
    if (!old) throw new NotFoundError(`Version ${version}`);
    const graph = flowGraphSchema.parse(old.graph);
    if (locked.hasDraft) await appendVersion(tx, flowId, userId, locked, await draftGraphOf(tx, flowId), autoVersionMessage.beforeRestore(version));
    const saved = await appendVersion(tx, flowId, userId, locked, graph, autoVersionMessage.restored(version));
    return { ...saved, graph };
  });
}
