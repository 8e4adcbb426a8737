import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authLimits } from "@/server/auth/limits";
import { authOptions } from "@/server/auth/options";
import { BodyTooLargeError, readBodyWithin, tooLargeResponse } from "@/server/http/bounded-body";
import { clientIp } from "@/server/http/client-ip";
import { TooManyAttemptsError } from "@/server/security/rate-limit";
import { normalizeEmail } from "@/server/services/users";

const nextAuth = NextAuth(authOptions);

/** Sign-in and sign-out forms are a few hundred bytes. */
const MAX_AUTH_BODY_BYTES = 64_000;

interface RouteContext {
  params: Promise<{ nextauth: string[] }>;
}

/**
 * A locked-out account or address is answered 429 before NextAuth runs, in the shape NextAuth's
 * client reads (`{ url }` with `?error=`), so the sign-in form shows the message.
 */
async function lockedOut(req: NextRequest, body: Uint8Array | null): Promise<Response | null> {
  const email = new URLSearchParams(new TextDecoder().decode(body ?? new Uint8Array())).get("email");
  const limits = authLimits();
  try {
    await limits.signInIp.check(clientIp(req.headers.get("x-forwarded-for")));
    if (email) await limits.signInAccount.check(normalizeEmail(email));
    return null;
  } catch (error) {
    if (!(error instanceof TooManyAttemptsError)) throw error;
    const url = new URL("/api/auth/error", req.nextUrl.origin);
    url.searchParams.set("error", error.message);
    return Response.json({ url: url.toString() }, { status: 429, headers: { "retry-after": String(Math.ceil(error.retryAfterMs / 1000)) } });
  }
}

async function handler(req: NextRequest, context: RouteContext): Promise<Response> {
  if (req.method !== "POST") return nextAuth(req, context);
  let body: Uint8Array<ArrayBuffer> | null;
  try {
    body = await readBodyWithin(req, MAX_AUTH_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return tooLargeResponse(error);
    throw error;
  }
  const { nextauth } = await context.params;
  if (nextauth[0] === "callback" && nextauth[1] === "credentials") {
    const refusal = await lockedOut(req, body);
    if (refusal) return refusal;
  }
  return nextAuth(new NextRequest(req.url, { method: req.method, headers: req.headers, body }), context);
}

export { handler as GET, handler as POST };
