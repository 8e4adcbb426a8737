import { lookup as dnsLookup } from "node:dns/promises";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { NodeError } from "../node-error";
import { addressRefusal, hostAllowedByName, type NetworkPolicy } from "./ip-policy";

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface SafeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  policy: NetworkPolicy;
  resolve?: Resolver;
  maxRedirects?: number;
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

function once(req: SafeRequest, url: URL, method: string, body: string | undefined, headers: Record<string, string>): Promise<IncomingMessage> {
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

async function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      res.destroy();
      throw new NodeError("client_error", `Response larger than ${Math.round(maxBytes / 1_000_000)} MB`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** An HTTP request that refuses private and internal addresses, checked again on every redirect. */
export async function safeHttpRequest(req: SafeRequest): Promise<SafeResponse> {
  const maxRedirects = req.maxRedirects ?? 5;
  let url = new URL(req.url);
  let method = req.method.toUpperCase();
  let body = req.body;
  let headers = { ...req.headers };
  for (let redirects = 0; ; redirects++) {
    checkTarget(url, req.policy);
    const res = await once(req, url, method, body, headers);
    const location = res.headers.location;
    if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && location) {
      res.resume();
      if (redirects >= maxRedirects) throw new NodeError("client_error", `Too many redirects (more than ${maxRedirects})`);
      const next = new URL(location, url);
      if (next.origin !== url.origin) delete headers.authorization;
      if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === "POST")) {
        method = "GET";
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k !== "content-type" && k !== "content-length"));
      }
      url = next;
      continue;
    }
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
}

/** Retry-After as milliseconds (seconds or an HTTP date), if present and sane. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}
