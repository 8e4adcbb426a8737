import { z } from "zod";
import { describeGraphError, emptyGraph, flowGraphSchema, MAX_GRAPH_BYTES, type FlowGraph } from "@/lib/flow/graph";
import type { Db } from "../db";
import { requireFlow, requireWorkspaceRole } from "./access";
import { ConflictError, InvalidInputError } from "./errors";

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

/** The flow with its newest version's graph (an empty graph before the first save). */
export async function getFlow(db: Db, userId: string, flowId: string) {
  const flow = await requireFlow(db, userId, flowId, "viewer");
  const latest = flow.latestVersion
    ? await db.flowVersion.findUnique({ where: { flowId_version: { flowId, version: flow.latestVersion } } })
    : null;
  const graph: FlowGraph = latest ? flowGraphSchema.parse(latest.graph) : emptyGraph();
  return { id: flow.id, name: flow.name, workspaceId: flow.workspaceId, version: flow.latestVersion, graph };
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

/**
 * Appends a new immutable version. With `baseVersion`, refuses when someone saved since the
 * caller loaded (no silent overwrite).
 */
export async function saveFlowVersion(db: Db, userId: string, flowId: string, rawGraph: unknown, baseVersion?: number, message?: string) {
  await requireFlow(db, userId, flowId, "editor");
  const graph = parseGraph(rawGraph);
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ latestVersion: number }[]>`SELECT "latestVersion" FROM "Flow" WHERE id = ${flowId} FOR UPDATE`;
    if (!locked) throw new ConflictError("The flow was deleted");
    if (baseVersion !== undefined && baseVersion !== locked.latestVersion) {
      throw new ConflictError(`The flow changed since you opened it (version ${locked.latestVersion} is newer than your ${baseVersion})`);
    }
    const version = locked.latestVersion + 1;
    await tx.flowVersion.create({
      data: { flowId, version, schemaVersion: graph.schemaVersion, graph, createdById: userId, message: message ?? null },
    });
    await tx.flow.update({ where: { id: flowId }, data: { latestVersion: version } });
    return { version };
  });
}
