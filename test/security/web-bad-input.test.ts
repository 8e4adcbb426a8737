import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowGraph } from "@/lib/flow/graph";
import { sampleGraph } from "@/lib/flow/sample-graph";
import nextConfig, { securityHeaders } from "@/next.config.js";
import { appRouter } from "@/server/api/root";
import { createLogger } from "@/server/logger";
import { createTestApp, type TestApp } from "../integration/support/app";
import { codeOf, rejection } from "../integration/support/trpc-outcome";

let app: TestApp;
let user: Awaited<ReturnType<TestApp["newUser"]>>;
let flowId: string;

beforeAll(async () => {
  app = await createTestApp({ worker: false });
  user = await app.newUser("Nul");
  flowId = (await user.caller.flow.create({ workspaceId: user.workspaceId, name: "Target" })).id;
  await user.caller.flow.save({ flowId, graph: sampleGraph() });
});
afterAll(async () => {
  await app?.close();
});

type AnyProcedure = (input: unknown) => Promise<unknown>;

describe("a NUL character in any id or name", () => {
  const names = Object.keys(appRouter._def.procedures);
  // Every field any procedure takes an id or name in, each holding U+0000.
  const input = Object.fromEntries(["workspaceId", "flowId", "runId", "nodeId", "credentialId", "id", "name", "email", "password", "message", "comment", "cursor"].map((k) => [k, `x\u0000${k}`]));

  it.each(names)("%s answers BAD_REQUEST, not 500", async (name) => {
    const caller = user.caller as unknown as Record<string, Record<string, AnyProcedure>>;
    const [group, procedure] = name.split(".") as [string, string];
    const call = caller[group]?.[procedure] as AnyProcedure;
    const error = await rejection(call(input));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("NUL");
  });

  it("a valid call with a NUL in a flow name or a graph leaves nothing behind", async () => {
    expect(await codeOf(user.caller.flow.create({ workspaceId: user.workspaceId, name: "bad\u0000name" }))).toBe("BAD_REQUEST");
    expect(await codeOf(user.caller.flow.rename({ flowId, name: "bad\u0000name" }))).toBe("BAD_REQUEST");
    const graph = sampleGraph();
    const agent = graph.nodes.find((n) => n.type === "agent");
    if (agent?.type === "agent") agent.data.userPrompt = "hello\u0000world";
    expect(await codeOf(user.caller.flow.save({ flowId, graph }))).toBe("BAD_REQUEST");
    expect(await app.db.flow.count({ where: { workspaceId: user.workspaceId } })).toBe(1);
  });
});

describe("run inputs named like Object.prototype members", () => {
  const protoNames = ["topic", "constructor", "toString", "valueOf", "hasOwnProperty"];
  let protoFlowId: string;

  beforeAll(async () => {
    const graph: FlowGraph = sampleGraph();
    const inputNode = graph.nodes.find((n) => n.type === "input");
    if (inputNode?.type === "input") inputNode.data.fields = protoNames.map((name) => ({ name, label: name, required: false, defaultValue: `default ${name}` }));
    protoFlowId = (await user.caller.flow.create({ workspaceId: user.workspaceId, name: "Proto" })).id;
    await user.caller.flow.save({ flowId: protoFlowId, graph });
  });

  it("start a run with their defaults when not given", async () => {
    const { runId } = await user.caller.run.start({ flowId: protoFlowId, inputs: {} });
    const run = await app.db.run.findUniqueOrThrow({ where: { id: runId }, select: { inputs: true } });
    const inputs = run.inputs as Record<string, unknown>;
    for (const name of protoNames) expect(Object.hasOwn(inputs, name) && inputs[name], name).toBe(`default ${name}`);
  });

  it("start a run with the values given", async () => {
    const given = JSON.parse('{"constructor":"c","toString":"t","__proto__":"p","hasOwnProperty":"h"}') as Record<string, string>;
    // "__proto__" is not a declared input (it cannot be: see the next test) and is ignored.
    const { runId } = await user.caller.run.start({ flowId: protoFlowId, inputs: given });
    const run = await app.db.run.findUniqueOrThrow({ where: { id: runId }, select: { inputs: true } });
    const inputs = run.inputs as Record<string, unknown>;
    expect([inputs.constructor, inputs.toString, inputs.hasOwnProperty]).toEqual(["c", "t", "h"]);
    expect(inputs.valueOf).toBe("default valueOf");
  });

  it("an input or node named __proto__ is refused when saving, with a clear message", async () => {
    const graph = sampleGraph();
    const inputNode = graph.nodes.find((n) => n.type === "input");
    if (inputNode?.type === "input") inputNode.data.fields = [{ name: "__proto__", label: "p", required: false, defaultValue: "" }];
    const error = await rejection(user.caller.flow.save({ flowId: protoFlowId, graph }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("__proto__ is reserved");
  });

  it("estimate a run's cost without crashing", async () => {
    expect(await codeOf(user.caller.run.estimate({ flowId: protoFlowId, inputs: {} }))).toBe("OK");
  });
});

describe("logs", () => {
  function capture() {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    return { logger: createLogger(stream), text: () => lines.join("") };
  }

  it("error texts lose API keys, bearer tokens, passwords and URL credentials", () => {
    const { logger, text } = capture();
    logger.error({ path: "run.start", err: "401 from https://api.example.com: invalid key sk-proj-AbCdEf0123456789xyz, header Authorization: Bearer eyJhbGciOi.abc.def" }, "tRPC error");
    logger.error({ err: 'connect failed for postgres://app:hunter2@db:5432/x with {"password":"letmein","api_key":"k-123456"}' }, "db");
    logger.info({ password: "plain", headers: { authorization: "Bearer zzz", cookie: "next-auth.session-token=abc" } }, "request");
    const out = text();
    for (const secret of ["sk-proj-AbCdEf0123456789xyz", "eyJhbGciOi", "hunter2", "letmein", "k-123456", "plain", "zzz", "session-token=abc"]) expect(out).not.toContain(secret);
    expect(out).toContain("[redacted]");
    expect(out).toContain("401 from https://api.example.com");
  });
});

describe("security headers", () => {
  it("every path gets the CSP, nosniff, referrer policy and no framing; no X-Powered-By", async () => {
    expect(nextConfig.poweredByHeader).toBe(false);
    const rules = (await nextConfig.headers?.()) ?? [];
    const all = rules.find((r) => r.source === "/:path*");
    const headers = Object.fromEntries((all?.headers ?? []).map((h) => [h.key, h.value]));
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["X-Frame-Options"]).toBe("DENY");
    const csp = headers["Content-Security-Policy"] ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
  });

  it("production scripts may not eval; next dev may", () => {
    const csp = (dev: boolean) => securityHeaders(dev).find((h) => h.key === "Content-Security-Policy")?.value ?? "";
    expect(csp(false)).not.toContain("unsafe-eval");
    expect(csp(true)).toContain("unsafe-eval");
  });
});
