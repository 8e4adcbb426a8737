import { z } from "zod";
import type { Db } from "../db";
import { hashPassword, verifyPassword } from "../auth/password";
import { ConflictError } from "./errors";

export const signUpInputSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100),
  email: z.email("Enter a valid email address").max(254).transform((e) => e.toLowerCase()),
  password: z.string().min(8, "Use at least 8 characters").max(200),
});
export type SignUpInput = z.infer<typeof signUpInputSchema>;

/** Creates the user with a personal workspace they own, in one transaction. */
export async function signUp(db: Db, input: SignUpInput) {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new ConflictError("An account with this email already exists");
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash }, select: { id: true, email: true, name: true } });
    const workspace = await tx.workspace.create({ data: { name: `${input.name}'s workspace`, personal: true } });
    await tx.membership.create({ data: { workspaceId: workspace.id, userId: user.id, role: "owner" } });
    return { ...user, workspaceId: workspace.id };
  });
}

/** The user for an email/password pair, or null; the same answer whether the email exists or not. */
export async function authenticate(db: Db, email: string, password: string) {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user?.passwordHash) return null;
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  return { id: user.id, email: user.email, name: user.name };
}

export async function listWorkspaces(db: Db, userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId },
    include: { workspace: { select: { id: true, name: true, personal: true } } },
    orderBy: { createdAt: "asc" },
  });
  return memberships.map((m) => ({ ...m.workspace, role: m.role }));
}
