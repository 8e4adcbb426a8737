import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP endpoint that honours Idempotency-Key like a payment API: the first request with
 * a key applies its effect, repeats get the stored response. It counts requests and effects per
 * key, and can script failures: /flaky fails with 500 the first time per key, /limited answers
 * 429 (Retry-After: 0) the first time per key. `?delay=ms` holds the response that long.
 * A JSON body's `subject` field names the logical operation; effects are also counted per subject,
 * so an unstable key (a new key for the same operation) shows up as a duplicated effect.
 */
export interface IdempotentSink {
  url: string;
  requests: Map<string, number>;
  effects: Map<string, number>;
  effectsBySubject: Map<string, number>;
  close: () => Promise<void>;
}

export async function startIdempotentSink(): Promise<IdempotentSink> {
  const requests = new Map<string, number>();
  const effects = new Map<string, number>();
  const effectsBySubject = new Map<string, number>();
  const stored = new Map<string, string>();
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const delay = Number(new URL(req.url ?? "/", "http://sink").searchParams.get("delay") ?? 0);
      setTimeout(() => respond(req, res, body), delay);
    });
  });
  function respond(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
    const key = String(req.headers["idempotency-key"] ?? "none");
    const seen = (requests.get(key) ?? 0) + 1;
    requests.set(key, seen);
    const path = new URL(req.url ?? "/", "http://sink").pathname;
    if (path === "/flaky" && seen === 1) return void res.writeHead(500, { "content-type": "text/plain" }).end("temporary failure");
    if (path === "/limited" && seen === 1) return void res.writeHead(429, { "retry-after": "0" }).end("slow down");
    if (path === "/missing") return void res.writeHead(404).end("no such thing");
    const previous = stored.get(key);
    if (previous) return void res.writeHead(200, { "content-type": "application/json", "idempotent-replay": "true" }).end(previous);
    effects.set(key, (effects.get(key) ?? 0) + 1);
    const received = body ? (JSON.parse(body) as { subject?: string }) : null;
    if (received?.subject) effectsBySubject.set(received.subject, (effectsBySubject.get(received.subject) ?? 0) + 1);
    const response = JSON.stringify({ key, method: req.method, path, received, effect: effects.get(key) });
    stored.set(key, response);
    res.writeHead(200, { "content-type": "application/json" }).end(response);
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    effects,
    effectsBySubject,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
