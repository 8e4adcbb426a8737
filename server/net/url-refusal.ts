import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { addressRefusal, hostAllowedByName, type NetworkPolicy } from "./ip-policy";
import type { Resolver } from "./safe-http";

const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * Why a URL saved for later calls (a credential's base URL) is refused now, or null. A name that
 * does not resolve here is accepted: every call checks again after its own DNS lookup, which is
 * what stops a name that is rebound to a private address later.
 */
export async function urlRefusal(raw: string, policy: NetworkPolicy, resolve: Resolver = systemResolver): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "not a valid URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `only http and https URLs are allowed (got ${url.protocol})`;
  if (url.username || url.password) return "put credentials in the key field, not in the URL";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (hostAllowedByName(host, policy)) return null;
  if (isIP(host)) return addressRefusal(host, policy);
  let addresses: { address: string }[];
  try {
    addresses = await resolve(host);
  } catch {
    return null;
  }
  for (const { address } of addresses) {
    const refusal = addressRefusal(address, policy);
    if (refusal) return `${host} resolves to ${refusal}`;
  }
  return null;
}
