import type { HttpAuth } from "../security/credential-secrets";
import { NodeError } from "../engine/node-error";

export interface AppliedAuth {
  url: URL;
  headers: Record<string, string>;
  /** Query parameters that carry the secret (dropped on a redirect to another origin). */
  secretQueryParams: string[];
  /** Strings to blank out of anything the node returns or reports. */
  secrets: string[];
}

/** Whether `url` lies under `base`: same origin, and the base's path as a whole-segment prefix. */
export function isUnderBase(url: URL, base: URL): boolean {
  if (url.origin !== base.origin) return false;
  const prefix = base.pathname.endsWith("/") ? base.pathname : `${base.pathname}/`;
  return url.pathname === base.pathname || url.pathname.startsWith(prefix);
}

/**
 * Adds a stored HTTP credential to a request: only to URLs under the credential's base URL (so a
 * flow cannot aim a workspace's token at a server of its choosing), replacing any header of the
 * same name the flow set itself.
 */
export function applyHttpAuth(url: URL, headers: Record<string, string>, auth: HttpAuth, baseUrl: string): AppliedAuth {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch {
    throw new NodeError("client_error", "The credential's base URL is not valid; recreate the credential");
  }
  if (!isUnderBase(url, base)) {
    throw new NodeError("client_error", `This credential may only be sent to ${base.origin}${base.pathname}; the request goes to ${url.origin}${url.pathname}`);
  }
  const next = new URL(url);
  const out = { ...headers };
  switch (auth.kind) {
    case "bearer":
      out.authorization = `Bearer ${auth.secret}`;
      return { url: next, headers: out, secretQueryParams: [], secrets: [auth.secret] };
    case "header":
      out[auth.name.toLowerCase()] = auth.secret;
      return { url: next, headers: out, secretQueryParams: [], secrets: [auth.secret] };
    case "basic": {
      const token = Buffer.from(`${auth.username}:${auth.secret}`).toString("base64");
      out.authorization = `Basic ${token}`;
      return { url: next, headers: out, secretQueryParams: [], secrets: [auth.secret, token] };
    }
    case "query":
      next.searchParams.set(auth.name, auth.secret);
      return { url: next, headers: out, secretQueryParams: [auth.name], secrets: [auth.secret, encodeURIComponent(auth.secret)] };
  }
}

/** `text` with every occurrence of a secret replaced; short strings are left (they would blank out ordinary text). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join("[credential]");
  return out;
}
