import { getServerSession } from "next-auth";
import { authOptions } from "./options";

/** The signed-in user's id, or null. For server components, route handlers and tRPC context. */
export async function currentUserId(): Promise<string | null> {
  const session = await getServerSession(authOptions);
  return session?.user?.id ?? null;
}
