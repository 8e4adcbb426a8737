import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "../db";
import { clientIp } from "../http/client-ip";
import { revokeSessions, signIn } from "../services/users";
import { authLimits } from "./limits";
import { activeUserId } from "./session";

const credentialsSchema = z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(200) });

/** A week; any tRPC call or session read more than a day after issue re-issues it (rolling). */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;
export const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;

function header(headers: unknown, name: string): string | null {
  if (!headers || typeof headers !== "object") return null;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === "string" ? value : null;
}

/**
 * NextAuth v4: credentials sign-in with JWT sessions (v4's credentials provider requires them).
 * The user id travels in the token's `sub`, the user's session version in `sv`: every request
 * compares it with the database, and sign-out bumps it, so a signed-out token is dead everywhere.
 */
export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_UPDATE_AGE_SECONDS },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        // A TooManyAttemptsError's message reaches the sign-in form as `error`.
        return signIn(db(), authLimits(), { ...parsed.data, ip: clientIp(header(req.headers, "x-forwarded-for")) });
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sv = user.sessionVersion ?? 0;
      return token;
    },
    async session({ session, token }) {
      const userId = await activeUserId(db(), token);
      if (!userId) return { expires: session.expires };
      return { ...session, user: { ...session.user, id: userId } };
    },
  },
  events: {
    async signOut({ token }) {
      if (token?.sub) await revokeSessions(db(), token.sub);
    },
  },
};
