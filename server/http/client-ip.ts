/**
 * The client's address as this server's nearest hop saw it: the last X-Forwarded-For entry (Next
 * sets the header to the socket address when a client sends none; a reverse proxy appends the
 * address it saw). A client talking to the app directly can forge the header, so per-address
 * limits are a brake, not a wall; per-account limits do not depend on it.
 */
export function clientIp(forwardedFor: string | null | undefined): string {
  const last = forwardedFor?.split(",").at(-1)?.trim();
  return last ? last.slice(0, 100) : "unknown";
}
