import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    /** Absent when the session was revoked (signed out elsewhere) since it was issued. */
    user?: DefaultSession["user"] & { id: string };
  }
  interface User {
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The user's session version when the token was issued; sign-out bumps it. */
    sv?: number;
  }
}
