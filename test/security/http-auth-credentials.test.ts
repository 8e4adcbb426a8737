import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EXECUTION } from "@/lib/flow/execution-settings";
import type { FlowGraph } from "@/lib/flow/graph";
import { makeEdge as edge, makeGraph as graph, makeNode as node } from "@/lib/flow/graph-builder";
import { createTestApp, type TestApp } from "../integration/support/app";
import { rejection } from "../integration/support/trpc-outcome";

/**
 * HTTP nodes authenticate with stored workspace credentials: the graph (every version, every
 * export) holds only the credential's id; the worker adds the secret at call time, only to URLs
 * under the credential's base URL, never across a redirect to another origin, and never hands it
 * back in the node's output or error.
 */
interface Seen {
  url: string;
  headers: http.IncomingHttpHeaders;
}
async function recordingServer(handle: (req: http.IncomingMessage, res: http.ServerResponse, origin: string) => void) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? "", headers: req.headers });
    req.resume();
    handle(req, res, origin);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { seen, origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const SECRETS = { bearer: "tok-bearer-9d8c7b6a", header: "hdr-key-5e4f3a2b", basic: "pw-basic-1a2b3c4d", query: "qry-key-7f6e5d4c", typed: "typed-token-0a9b8c7d" };

let api: Awaited<ReturnType<typeof recordingServer>>;
let other: Awaited<ReturnType<typeof recordingServer>>;
let app: TestApp;
type User = Awaited<ReturnType<TestApp["newUser"]>>;
let user: User;
let outsider: User;
const creds: Record<keyof typeof SECRETS | "model", string> = { bearer: "", header: "", basic: "", query: "", typed: "", model: "" };

beforeAll(async () => {
  api = await recordingServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const to = url.searchParams.get("to");
    if (to) {
      // A naive redirect that carries the whole query string along, credential included.
      const next = new URL(to);
      for (const [k, v] of url.searchParams) if (k !== "to") next.searchParams.set(k, v);
      return void res.writeHead(302, { location: next.toString() }).end();
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ echoedHeaders: req.headers, echoedUrl: req.url }));
  });
  other = await recordingServer((_req, res) => void res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}'));
  app = await createTestApp({ worker: true, workerEnv: { HTTP_ALLOWED_HOSTS: "127.0.0.1" } });
  user = await app.newUser("Integrator");
  outsider = await app.newUser("Outsider");
  const baseUrl = `${api.origin}/api`;
  const create = (name: string, apiKey: string, httpAuth: { kind: "bearer" | "header" | "basic" | "query"; name?: string; username?: string }) =>
    user.caller.credential.create({ workspaceId: user.workspaceId, name, provider: "http", baseUrl, apiKey, httpAuth: { name: "", username: "", ...httpAuth } });
  creds.bearer = (await create("bearer", SECRETS.bearer, { kind: "bearer" })).id;
  creds.header = (await create("header", SECRETS.header, { kind: "header", name: "X-Api-Key" })).id;
  creds.basic = (await create("basic", SECRETS.basic, { kind: "basic", username: "alice" })).id;
  creds.query = (await create("query", SECRETS.query, { kind: "query", name: "api_key" })).id;
  creds.model = (await user.caller.credential.create({ workspaceId: user.workspaceId, name: "model", provider: "openai", baseUrl: `${api.origin}/v1`, apiKey: "sk-model-key-123456" })).id;
}, 120_000);
afterAll(async () => {
  await app?.close();
  await api?.close();
  await other?.close();
});

const execution = { ...DEFAULT_EXECUTION, timeoutMs: 10_000, retry: { ...DEFAULT_EXECUTION.retry, attempts: 1 } };

function call(url: string, extra: Record<string, unknown> = {}): FlowGraph {
  return graph([node("call", "http_request", { url, execution, ...extra }), node("out", "output")], [edge("call", "out")]);
}

async function run(g: FlowGraph, as: User = user) {
  const flow = await as.caller.flow.create({ workspaceId: as.workspaceId, name: "auth" });
  await as.caller.flow.save({ flowId: flow.id, graph: g });
  const { runId } = await as.caller.run.start({ flowId: flow.id });
  const status = await app.waitForRun(runId);
  const detail = await as.caller.run.get({ runId });
  return { status, flowId: flow.id, call: detail.nodeRuns.find((n) => n.nodeId === "call")! };
}

const everySecret = () => Object.values(SECRETS).concat(Buffer.from(`alice:${SECRETS.basic}`).toString("base64"));

describe("HTTP node authentication from stored credentials", () => {
  it.each([
    ["bearer", (s: Seen) => s.headers.authorization === `Bearer ${SECRETS.bearer}`],
    ["header", (s: Seen) => s.headers["x-api-key"] === SECRETS.header],
    ["basic", (s: Seen) => s.headers.authorization === `Basic ${Buffer.from(`alice:${SECRETS.basic}`).toString("base64")}`],
    ["query", (s: Seen) => new URL(s.url, "http://x").searchParams.get("api_key") === SECRETS.query],
  ] as const)("%s: the secret reaches the API; the graph, output, listing and logs never hold it", async (kind, received) => {
    const before = api.seen.length;
    const { status, call: c, flowId } = await run(call(`${api.origin}/api/echo`, { credentialId: creds[kind] }));
    expect(status).toBe("succeeded");
    expect(received(api.seen[before]!)).toBe(true);
    const stored = JSON.stringify(await app.db.flowVersion.findMany({ where: { flowId } }));
    expect(stored).toContain(creds[kind]);
    const listed = JSON.stringify(await user.caller.credential.list({ workspaceId: user.workspaceId }));
    for (const secret of everySecret()) {
      expect(JSON.stringify(c.output)).not.toContain(secret);
      expect(stored).not.toContain(secret);
      expect(listed).not.toContain(secret);
      expect(app.worker?.output()).not.toContain(secret);
    }
    expect(JSON.stringify(c.output)).toContain("[credential]");
  });

  it("is only sent under the credential's base URL: another origin or a look-alike path is refused unsent", async () => {
    for (const url of [`${other.origin}/api/echo`, `${api.origin}/apix/echo`, `${api.origin}/`]) {
      const apiBefore = api.seen.length;
      const otherBefore = other.seen.length;
      const { status, call: c } = await run(call(url, { credentialId: creds.bearer }));
      expect(status).toBe("failed");
      expect(c.error).toMatch(/^This credential may only be sent to /);
      expect([api.seen.length, other.seen.length]).toEqual([apiBefore, otherBefore]);
    }
  });

  it("a redirect to another origin carries no credential, cookie or typed header; a same-origin one keeps the credential", async () => {
    const typed = [
      { name: "Cookie", value: "session=abc" },
      { name: "X-Custom", value: SECRETS.typed },
      { name: "Proxy-Authorization", value: `Basic ${SECRETS.typed}` },
      { name: "Accept", value: "application/json" },
    ];
    for (const kind of ["bearer", "header", "basic", "query"] as const) {
      const before = other.seen.length;
      const { status } = await run(call(`${api.origin}/api/redirect?to=${encodeURIComponent(`${other.origin}/landing`)}`, { credentialId: creds[kind], headers: typed }));
      expect(status).toBe("succeeded");
      const landed = other.seen[before]!;
      expect(landed.headers).not.toHaveProperty("authorization");
      expect(landed.headers).not.toHaveProperty("x-api-key");
      expect(landed.headers).not.toHaveProperty("cookie");
      expect(landed.headers).not.toHaveProperty("proxy-authorization");
      expect(landed.headers).not.toHaveProperty("x-custom");
      expect(landed.headers.accept).toBe("application/json");
      expect(landed.url).not.toContain("api_key");
    }
    const same = await run(call(`${api.origin}/api/redirect?to=${encodeURIComponent(`${api.origin}/api/echo`)}`, { credentialId: creds.header }));
    expect(same.status).toBe("succeeded");
    expect(api.seen.at(-1)!.headers["x-api-key"]).toBe(SECRETS.header);
  });

  it("a credential of another workspace, or of the wrong kind, is refused", async () => {
    const foreign = await run(call(`${api.origin}/api/echo`, { credentialId: creds.bearer }), outsider);
    expect(foreign.call.error).toBe("This node's credential no longer exists in the workspace; pick another one");
    const modelKey = await run(call(`${api.origin}/v1/echo`, { credentialId: creds.model }));
    expect(modelKey.call.error).toBe("This credential is a model provider's key; pick an HTTP credential");
    const g = graph([node("call", "agent", { model: "gpt-4o-mini", credentialId: creds.bearer, userPrompt: "hi", execution }), node("out", "output")], [edge("call", "out")]);
    expect((await run(g)).call.error).toMatch(/^The credential is for http/);
  });

  it("an HTTP credential needs a base URL and a valid way to send it", async () => {
    const base = { workspaceId: user.workspaceId, name: "x", provider: "http" as const, apiKey: "s3cret-value" };
    expect((await rejection(user.caller.credential.create({ ...base, httpAuth: { kind: "bearer", name: "", username: "" } }))).code).toBe("BAD_REQUEST");
    expect((await rejection(user.caller.credential.create({ ...base, baseUrl: `${api.origin}/api`, httpAuth: { kind: "header", name: "bad header", username: "" } }))).code).toBe("BAD_REQUEST");
    expect((await rejection(user.caller.credential.create({ ...base, baseUrl: `${api.origin}/api` }))).code).toBe("BAD_REQUEST");
  });
});
