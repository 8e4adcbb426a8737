import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { checkRequest, hostPolicy, type HostPolicy } from "./server/http/request-guard";
import { serverEnv } from "./server/env";

const SIGNED_IN_PAGES = ["/flows", "/runs", "/settings"];

let policy: HostPolicy | undefined;

/**
 * Every request: the Host must be one this app answers to (DNS rebinding) and a state-changing
 * request must come from the app's own origin. Pages behind sign-in redirect there, remembering
 * where the person was going.
 */
export async function proxy(req: NextRequest) {
  policy ??= hostPolicy(serverEnv());
  const verdict = checkRequest(policy, {
    method: req.method,
    host: req.headers.get("host"),
    origin: req.headers.get("origin"),
    fetchSite: req.headers.get("sec-fetch-site"),
  });
  if (!verdict.ok) return new NextResponse(verdict.message, { status: verdict.status, headers: { "content-type": "text/plain; charset=utf-8" } });

  const path = req.nextUrl.pathname;
  if (!SIGNED_IN_PAGES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return NextResponse.next();
  const token = await getToken({ req, secret: serverEnv().NEXTAUTH_SECRET });
  if (token) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = `?callbackUrl=${encodeURIComponent(req.nextUrl.pathname + req.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
