import { encode, getToken, type JWT } from "next-auth/jwt";
import { NextRequest, NextResponse } from "next/server";
import type { Db } from "../db";
import { serverEnv } from "../env";
import { sessionIsCurrent } from "../services/users";

/** The user a session token stands for, or null when it is missing, or revoked since it was issued. */
export async function activeUserId(db: Db, token: Pick<JWT, "sub" | "sv"> | null): Promise<string | null> {
  if (!token?.sub || typeof token.sv !== "number") return null;
  return (await sessionIsCurrent(db, token.sub, token.sv)) ? token.sub : null;
}

/** The session token a request carries (cookie, or `Authorization: Bearer`), decoded, or null. */
export function sessionToken(req: Request): Promise<JWT | null> {
  return getToken({ req: new NextRequest(req.url, { headers: req.headers }), secret: serverEnv().NEXTAUTH_SECRET });
}

/** The signed-in user behind a request, checked against the database on every call. */
export async function requestUserId(db: Db, req: Request): Promise<string | null> {
  return activeUserId(db, await sessionToken(req));
}

/**
 * Rolling sessions: a valid token issued more than `updateAgeSeconds` ago is re-issued with a fresh
 * expiry. Returns the Set-Cookie value, or null when the token is still fresh.
 */
export async function renewedSessionCookie(token: JWT, maxAgeSeconds: number, updateAgeSeconds: number): Promise<string | null> {
  const issuedAt = typeof token.iat === "number" ? token.iat : 0;
  if (Date.now() / 1000 - issuedAt < updateAgeSeconds) return null;
  const claims: JWT = { ...token };
  for (const claim of ["iat", "exp", "jti"]) delete claims[claim];
  const value = await encode({ token: claims, secret: serverEnv().NEXTAUTH_SECRET, maxAge: maxAgeSeconds });
  const secure = serverEnv().NEXTAUTH_URL?.startsWith("https://") ?? false;
  const response = new NextResponse(null);
  response.cookies.set({ name: `${secure ? "__Secure-" : ""}next-auth.session-token`, value, httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: maxAgeSeconds });
  return response.headers.get("set-cookie");
}
