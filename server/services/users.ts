import { z } from "zod";
import type { Db } from "../db";
import type { AuthLimits } from "../auth/limits";
import { hashPassword, needsRehash, verifyDecoy, verifyPassword } from "../auth/password";
import { ConflictError } from "./errors";

export const signUpInputSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100),
  email: z.email("Enter a valid email address").max(254).transform((e) => e.toLowerCase()),
  password: z.string().min(8, "Use at least 8 characters").max(200),
});
export type SignUpInput = z.infer<typeof signUpInputSchema>;

/**
 * Creates the user with a personal workspace they own, in one transaction. The password is hashed
 * before looking the email up, so a taken email costs the same time as a new one. A taken email is
 * said plainly (there is no email channel to say it privately); sign-ups are limited per address.
 */
export async function signUp(db: Db, input: SignUpInput) {
  const passwordHash = await hashPassword(input.password);
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new ConflictError("An account with this email already exists");
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash }, select: { id: true, email: true, name: true } });
    const workspace = await tx.workspace.create({ data: { name: `${input.name}'s workspace`, personal: true } });
    await tx.membership.create({ data: { workspaceId: workspace.id, userId: user.id, role: "owner" } });
    return { ...user, workspaceId: workspace.id };
  });
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The user for an email/password pair, or null; the same answer, after the same work, whether the
 * email exists or not. A hash made with older parameters is replaced by one with today's.
 */
export async function authenticate(db: Db, email: string, password: string) {
  const user = await db.user.findUnique({ where: { email: normalizeEmail(email) } });
  if (!user?.passwordHash) return verifyDecoy(password).then(() => null);
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  if (needsRehash(user.passwordHash)) {
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  }
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}

/**
 * Sign-in behind its limits: every attempt counts against the account and the client address
 * before the password is checked (so parallel guesses cannot slip past), and a success gives the
 * attempt back. Over a limit it throws TooManyAttemptsError, even for the right password.
 */
export async function signIn(db: Db, limits: AuthLimits, attempt: { email: string; password: string; ip: string }) {
  const account = normalizeEmail(attempt.email);
  await limits.signInIp.consume(attempt.ip);
  await limits.signInAccount.consume(account);
  const user = await authenticate(db, account, attempt.password);
  if (user) await Promise.all([limits.signInAccount.reset(account), limits.signInIp.refund(attempt.ip)]);
  return user;
}

/** Ends every session of the user (sign-out; sessions carry the version they were issued at). */
export async function revokeSessions(db: Db, userId: string): Promise<void> {
  await db.user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

/** The user's current session version, or null when the user does not exist. */
export async function sessionVersion(db: Db, userId: string): Promise<number | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return user?.sessionVersion ?? null;
}

/** True while a session issued at `version` is still valid for the user. */
export async function sessionIsCurrent(db: Db, userId: string, version: number): Promise<boolean> {
  return (await sessionVersion(db, userId)) === version;
}

export async function listWorkspaces(db: Db, userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId },
    include: { workspace: { select: { id: true, name: true, personal: true } } },
    orderBy: { createdAt: "asc" },
  });
  return memberships.map((m) => ({ ...m.workspace, role: m.role }));
}
