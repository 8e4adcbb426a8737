import type { Db } from "../db";
import { ForbiddenError, NotFoundError } from "./errors";

export type Role = "owner" | "admin" | "editor" | "viewer";
const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };

export function roleAllows(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/**
 * The caller's role in a workspace, checked against what the action needs. A workspace the
 * caller is not a member of behaves exactly like a missing one (named `what` in the error).
 */
async function requireRole(db: Db, userId: string, workspaceId: string, needed: Role, what: string): Promise<Role> {
  const membership = await db.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    select: { role: true },
  });
  if (!membership) throw new NotFoundError(what);
  if (!roleAllows(membership.role, needed)) throw new ForbiddenError();
  return membership.role;
}

export function requireWorkspaceRole(db: Db, userId: string, workspaceId: string, needed: Role): Promise<Role> {
  return requireRole(db, userId, workspaceId, needed, "Workspace");
}

/** Loads a flow the caller may act on, or fails as if it did not exist. */
export async function requireFlow(db: Db, userId: string, flowId: string, needed: Role) {
  const flow = await db.flow.findUnique({ where: { id: flowId } });
  if (!flow) throw new NotFoundError("Flow");
  await requireRole(db, userId, flow.workspaceId, needed, "Flow");
  return flow;
}

export async function requireRun(db: Db, userId: string, runId: string, needed: Role) {
  const run = await db.run.findUnique({ where: { id: runId } });
  if (!run) throw new NotFoundError("Run");
  await requireRole(db, userId, run.workspaceId, needed, "Run");
  return run;
}
