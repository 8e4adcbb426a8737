import ipaddr from "ipaddr.js";

/**
 * Which hosts outbound calls (HTTP nodes, model providers) may reach. By default only public unicast addresses: loopback,
 * private, link-local (cloud metadata), unique-local, CGNAT, multicast and reserved ranges are
 * refused. Self-hosters can allow hostnames or CIDR ranges (HTTP_ALLOWED_HOSTS).
 */
export interface NetworkPolicy {
  allowedHosts: ReadonlySet<string>;
  allowedRanges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

export function parseNetworkPolicy(spec: string | undefined): NetworkPolicy {
  const allowedHosts = new Set<string>();
  const allowedRanges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const raw of (spec ?? "").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean)) {
    if (raw.includes("/")) allowedRanges.push(ipaddr.parseCIDR(raw));
    else if (ipaddr.isValid(raw)) allowedRanges.push([ipaddr.parse(raw), ipaddr.parse(raw).kind() === "ipv4" ? 32 : 128]);
    else allowedHosts.add(raw);
  }
  return { allowedHosts, allowedRanges };
}

export const DEFAULT_POLICY: NetworkPolicy = parseNetworkPolicy("");

function normalise(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const parsed = ipaddr.parse(address.replace(/^\[|\]$/g, ""));
  // ::ffff:127.0.0.1 must be judged as the IPv4 address it is.
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) return (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed;
}

/** Why connecting to `address` is refused, or null when it is allowed. */
export function addressRefusal(address: string, policy: NetworkPolicy): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = normalise(address);
  } catch {
    return `${address} is not an IP address`;
  }
  for (const [range, bits] of policy.allowedRanges) if (range.kind() === ip.kind() && ip.match(range, bits)) return null;
  const range = ip.range();
  if (range === "unicast") return null;
  return `${ip.toString()} is a ${range} address, which flows may not reach (set HTTP_ALLOWED_HOSTS to allow it)`;
}

export function hostAllowedByName(hostname: string, policy: NetworkPolicy): boolean {
  return policy.allowedHosts.has(hostname.toLowerCase());
}
