import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";

/** Pages behind sign-in redirect there, remembering where the person was going. */
export async function proxy(req: NextRequest) {
  const token = await getToken({ req, secret: process.env.NEXTAUTH_SECRET });
  if (token) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = `?callbackUrl=${encodeURIComponent(req.nextUrl.pathname + req.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/flows/:path*", "/runs/:path*", "/settings/:path*"] };
