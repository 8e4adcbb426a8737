import type { IncomingMessage } from "node:http";
import type { NetworkPolicy } from "./ip-policy";
import { openGuarded, tooLarge, type Resolver } from "./safe-http";

export interface GuardedFetchOptions {
  policy: NetworkPolicy;
  /** Bytes of response body read at most; the stream fails past it. */
  maxBytes: number;
  /** What the cap's error calls the body, e.g. "The model's reply". */
  what?: string;
  resolve?: Resolver;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** The response body as a web stream that errors (and drops the connection) once it passes `maxBytes`. */
function cappedBody(res: IncomingMessage, maxBytes: number, what: string): ReadableStream<Uint8Array> {
  let size = 0;
  let settled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        controller.error(error);
        res.destroy();
      };
      res.on("data", (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (size > maxBytes) return fail(tooLarge(what, maxBytes));
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) res.pause();
      });
      res.on("end", () => {
        if (settled) return;
        settled = true;
        controller.close();
      });
      res.on("error", fail);
      res.on("aborted", () => fail(new Error("The connection closed before the reply ended")));
    },
    pull() {
      res.resume();
    },
    cancel() {
      settled = true;
      res.destroy();
    },
  });
}

/**
 * A `fetch` for libraries that call out on a flow's behalf (the AI SDK's providers): the same
 * egress guard as the HTTP node (no private, loopback, link-local or metadata addresses, after DNS
 * and on every redirect, unless HTTP_ALLOWED_HOSTS allows them) and a cap on the bytes read.
 */
export function createGuardedFetch(options: GuardedFetchOptions): typeof fetch {
  const what = options.what ?? "Response";
  return async (input, init) => {
    const request = new Request(input, init);
    const signal = init?.signal ?? request.signal;
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    // No compressed replies: the cap then counts the bytes the parser actually sees.
    headers["accept-encoding"] = "identity";
    const { res, url } = await openGuarded({
      method: request.method,
      url: request.url,
      headers,
      body,
      signal,
      policy: options.policy,
      resolve: options.resolve,
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
      else if (value !== undefined) responseHeaders.set(name, value);
    }
    const status = res.statusCode ?? 502;
    const nullBody = NULL_BODY_STATUSES.has(status) || request.method === "HEAD";
    if (nullBody) res.resume();
    const response = new Response(nullBody ? null : cappedBody(res, options.maxBytes, what), { status, statusText: res.statusMessage ?? "", headers: responseHeaders });
    Object.defineProperty(response, "url", { value: url.toString() });
    return response;
  };
}
