/**
 * Which Host names and Origins the app answers. A page on another site that rebinds its DNS name
 * to this machine still sends its own name as Host, so checking the name (not the port) is what
 * stops DNS rebinding; state-changing requests must also come from the app's own origin.
 */
export interface HostPolicy {
  /** Lower-case host names accepted besides localhost, *.localhost, 127.0.0.1 and [::1]. */
  hosts: ReadonlySet<string>;
  /** NEXTAUTH_URL's origin, accepted as Origin when a reverse proxy rewrites Host. */
  publicOrigin: string | null;
}

export type GuardVerdict = { ok: true } | { ok: false; status: 421 | 403; message: string };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function hostPolicy(config: { NEXTAUTH_URL?: string | undefined; ALLOWED_HOSTS: string }): HostPolicy {
  const hosts = new Set<string>();
  let publicOrigin: string | null = null;
  if (config.NEXTAUTH_URL) {
    const url = new URL(config.NEXTAUTH_URL);
    hosts.add(url.hostname.toLowerCase());
    publicOrigin = url.origin;
  }
  for (const entry of config.ALLOWED_HOSTS.split(",")) {
    const name = entry.trim().toLowerCase();
    if (name) hosts.add(hostnameOf(name) ?? name);
  }
  return { hosts, publicOrigin };
}

/** The host name of a Host header value ("example.com:3000", "[::1]:3000"), or null if malformed. */
export function hostnameOf(host: string): string | null {
  if (!/^[A-Za-z0-9.\-[\]:]+$/.test(host)) return null;
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

function isLoopbackName(hostname: string): boolean {
  return hostname === "localhost" || hostname.endsWith(".localhost") || hostname === "127.0.0.1" || hostname === "[::1]";
}

export function checkRequest(
  policy: HostPolicy,
  req: { method: string; host: string | null; origin: string | null; fetchSite: string | null },
): GuardVerdict {
  const hostname = req.host ? hostnameOf(req.host) : null;
  if (!hostname || !(isLoopbackName(hostname) || policy.hosts.has(hostname))) {
    return { ok: false, status: 421, message: "This server does not answer to that host name (see ALLOWED_HOSTS)." };
  }
  if (SAFE_METHODS.has(req.method.toUpperCase())) return { ok: true };
  if (req.origin !== null) {
    if (!sameOrigin(policy, req.origin, req.host as string)) return { ok: false, status: 403, message: "Cross-site request refused." };
  } else if (req.fetchSite === "cross-site") {
    return { ok: false, status: 403, message: "Cross-site request refused." };
  }
  return { ok: true };
}

function sameOrigin(policy: HostPolicy, origin: string, host: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false; // includes the opaque "null" origin
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return false;
  return parsed.host.toLowerCase() === host.toLowerCase() || parsed.origin === policy.publicOrigin;
}
