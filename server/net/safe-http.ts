import { lookup as dnsLookup } from "node:dns/promises";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { NodeError } from "../engine/node-error";
import { addressRefusal, hostAllowedByName, type NetworkPolicy } from "./ip-policy";

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface GuardedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  signal: AbortSignal;
  policy: NetworkPolicy;
  resolve?: Resolver;
  maxRedirects?: number;
  /** Query parameters that carry a credential: removed when a redirect leaves the origin. */
  secretQueryParams?: readonly string[];
}

export interface SafeRequest extends GuardedRequest {
  maxBytes?: number;
}

export interface SafeResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: Buffer;
  url: string;
  redirects: number;
}

export interface GuardedResponse {
  res: IncomingMessage;
  url: URL;
  redirects: number;
}

/**
 * Headers that may follow a redirect to another origin. Everything else (Authorization, Cookie,
 * Proxy-Authorization, a credential's own header, any header the user typed) stays with the
 * origin it was meant for.
 */
const CROSS_ORIGIN_SAFE_HEADERS = new Set(["accept", "accept-encoding", "accept-language", "user-agent", "idempotency-key", "content-type", "content-length"]);

function refuse(message: string): never {
  throw new NodeError("client_error", `Blocked: ${message}`);
}

/**
 * The socket's own DNS lookup, checked: the address the connection is made to is the address
 * that was validated, so a name that resolves differently a moment later cannot slip through.
 */
function guardedLookup(policy: NetworkPolicy, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((addresses) => {
        if (addresses.length === 0) throw new NodeError("client_error", `${hostname} did not resolve`);
        if (!hostAllowedByName(hostname, policy)) {
          for (const a of addresses) {
            const refusal = addressRefusal(a.address, policy);
            if (refusal) throw new NodeError("client_error", `Blocked: ${hostname} resolves to ${refusal}`);
          }
        }
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        const usable = wanted.length > 0 ? wanted : addresses;
        if (options.all) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      })
      .catch((error: Error) => callback(error as NodeJS.ErrnoException, "", 0));
  };
}

function checkTarget(url: URL, policy: NetworkPolicy) {
  if (url.protocol !== "http:" && url.protocol !== "https:") refuse(`only http and https URLs are allowed (got ${url.protocol})`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && !hostAllowedByName(host, policy)) {
    const refusal = addressRefusal(host, policy);
    if (refusal) refuse(refusal);
  }
}

function once(req: GuardedRequest, url: URL, method: string, body: string | Buffer | undefined, headers: Record<string, string>): Promise<IncomingMessage> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      { method, headers, signal: req.signal, lookup: guardedLookup(req.policy, req.resolve ?? systemResolver), agent: false },
      resolve,
    );
    request.on("error", reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}

/**
 * Opens a request that refuses private and internal addresses, checked again on every redirect
 * (literal addresses here, names in the socket's lookup). A redirect to another origin carries
 * only CROSS_ORIGIN_SAFE_HEADERS and loses the credential's query parameters. The caller reads
 * (or destroys) the returned response.
 */
export async function openGuarded(req: GuardedRequest): Promise<GuardedResponse> {
  const maxRedirects = req.maxRedirects ?? 5;
  let url = new URL(req.url);
  let method = req.method.toUpperCase();
  let body = req.body;
  let headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
  for (let redirects = 0; ; redirects++) {
    checkTarget(url, req.policy);
    const res = await once(req, url, method, body, headers);
    const location = res.headers.location;
    if (!(res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location)) return { res, url, redirects };
    res.resume();
    if (redirects >= maxRedirects) throw new NodeError("client_error", `Too many redirects (more than ${maxRedirects})`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new NodeError("client_error", "A redirect pointed at an invalid URL");
    }
    if (next.origin !== url.origin) {
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => CROSS_ORIGIN_SAFE_HEADERS.has(k)));
      for (const name of req.secretQueryParams ?? []) next.searchParams.delete(name);
    }
    if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === "POST")) {
      method = "GET";
      body = undefined;
      headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k !== "content-type" && k !== "content-length"));
    }
    url = next;
  }
}

async function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      res.destroy();
      throw tooLarge("Response", maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function tooLarge(what: string, maxBytes: number): NodeError {
  return new NodeError("client_error", `${what} exceeded ${formatBytes(maxBytes)}; stopped reading`);
}

function formatBytes(bytes: number): string {
  return bytes >= 1_000_000 ? `${Math.round(bytes / 100_000) / 10} MB` : `${Math.round(bytes / 100) / 10} kB`;
}

/** An HTTP request that refuses private and internal addresses, with its body read up to `maxBytes`. */
export async function safeHttpRequest(req: SafeRequest): Promise<SafeResponse> {
  const { res, url, redirects } = await openGuarded(req);
  const responseHeaders = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
  return {
    status: res.statusCode ?? 0,
    statusText: res.statusMessage ?? "",
    headers: responseHeaders,
    body: await readBody(res, req.maxBytes ?? 5_000_000),
    url: url.toString(),
    redirects,
  };
}

/** Retry-After as milliseconds (seconds or an HTTP date), if present and sane. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}
