import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for paid model APIs, speaking their real wire protocols: OpenAI Chat
 * Completions (also what OpenAI-compatible servers speak) and Anthropic Messages, both streamed
 * as server-sent events with token usage. Model names script failures: a name containing
 * "rate-limited-once" answers 429 (Retry-After: 0) on its first call, "slow-down" answers 429 with
 * Retry-After: 1 on its first call, "broken" always answers 500, and "recover-after-N" answers
 * 500 to its first N calls, "limited-for-10-minutes" always answers 429 with Retry-After: 600, and
 * "endless" streams text until the client hangs up.
 */
export interface FakeLlm {
  url: string;
  requests: { path: string; headers: http.IncomingHttpHeaders; body: Record<string, unknown>; at: number }[];
  close: () => Promise<void>;
}

export const FAKE_USAGE = { input: 11, output: 7 };
export const FAKE_KEY = "sk-test-0123456789-secret";

/** "say-<words>" models answer exactly <words>; others greet. */
function replyFor(model: string): string[] {
  if (model.startsWith("say-")) return [model.slice(4)];
  return ["Hello ", "from ", `${model}.`];
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Longer than two of the engine's 200 ms partial-output batches, so each piece streams as its own event even on a busy machine. */
const CHUNK_GAP_MS = 450;

/**
 * "use-tool-<name>" models: the first turn calls tool <name> with {"expression": "6*7"}; once a
 * tool result is in the conversation, they answer "Tool said: <result>".
 */
async function streamOpenAiToolUse(res: http.ServerResponse, model: string, body: Record<string, unknown>) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
  const base = { id: "chatcmpl-2", object: "chat.completion.chunk", created: 1, model };
  const messages = (body.messages ?? []) as { role: string; content?: unknown }[];
  const toolMessage = messages.find((m) => m.role === "tool");
  if (!toolMessage) {
    const name = model.slice("use-tool-".length);
    send({ ...base, choices: [{ index: 0, delta: { role: "assistant", tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name, arguments: "" } }] }, finish_reason: null }] });
    send({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"expression":"6*7"}' } }] }, finish_reason: null }] });
    send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] });
  } else {
    const content = typeof toolMessage.content === "string" ? toolMessage.content : JSON.stringify(toolMessage.content);
    send({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: `Tool said: ${content}` }, finish_reason: null }] });
    send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
  }
  send({ ...base, choices: [], usage: { prompt_tokens: FAKE_USAGE.input, completion_tokens: FAKE_USAGE.output, total_tokens: FAKE_USAGE.input + FAKE_USAGE.output } });
  res.end("data: [DONE]\n\n");
}

async function streamOpenAi(res: http.ServerResponse, model: string) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
  const base = { id: "chatcmpl-1", object: "chat.completion.chunk", created: 1, model };
  for (const [i, piece] of replyFor(model).entries()) {
    send({ ...base, choices: [{ index: 0, delta: i === 0 ? { role: "assistant", content: piece } : { content: piece }, finish_reason: null }] });
    await pause(CHUNK_GAP_MS);
  }
  send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
  send({ ...base, choices: [], usage: { prompt_tokens: FAKE_USAGE.input, completion_tokens: FAKE_USAGE.output, total_tokens: FAKE_USAGE.input + FAKE_USAGE.output } });
  res.end("data: [DONE]\n\n");
}

/** Chunks of text, as fast as the client reads them, until it disconnects. */
function streamEndless(res: http.ServerResponse, model: string) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const chunk = `data: ${JSON.stringify({ id: "chatcmpl-3", object: "chat.completion.chunk", created: 1, model, choices: [{ index: 0, delta: { content: "more ".repeat(200) }, finish_reason: null }] })}\n\n`;
  const write = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once("drain", write);
  };
  write();
}

async function streamAnthropic(res: http.ServerResponse, model: string) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send("message_start", {
    type: "message_start",
    message: { id: "msg_1", type: "message", role: "assistant", content: [], model, stop_reason: null, stop_sequence: null, usage: { input_tokens: FAKE_USAGE.input, output_tokens: 1 } },
  });
  send("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
  for (const piece of replyFor(model)) {
    send("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: piece } });
    await pause(CHUNK_GAP_MS);
  }
  send("content_block_stop", { type: "content_block_stop", index: 0 });
  send("message_delta", { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: FAKE_USAGE.output } });
  send("message_stop", { type: "message_stop" });
  res.end();
}

export async function startFakeLlm(): Promise<FakeLlm> {
  const requests: FakeLlm["requests"] = [];
  const calls = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const path = new URL(req.url ?? "/", "http://fake").pathname;
      requests.push({ path, headers: req.headers, body, at: Date.now() });
      const model = String(body.model ?? "");
      const n = (calls.get(model) ?? 0) + 1;
      calls.set(model, n);
      const anthropic = path.endsWith("/messages");
      const authorised = anthropic ? req.headers["x-api-key"] === FAKE_KEY : req.headers.authorization === `Bearer ${FAKE_KEY}`;
      if (!authorised) return void res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "bad key" } }));
      if (model.includes("rate-limited-once") && n === 1) {
        return void res.writeHead(429, { "content-type": "application/json", "retry-after": "0" }).end(JSON.stringify({ error: { message: "Rate limit reached" } }));
      }
      if (model.includes("limited-for-10-minutes")) {
        return void res.writeHead(429, { "content-type": "application/json", "retry-after": "600" }).end(JSON.stringify({ error: { message: "Quota exhausted" } }));
      }
      if (path.endsWith("/chat/completions") && model.includes("endless")) return void streamEndless(res, model);
      if (model.includes("slow-down") && n === 1) {
        return void res.writeHead(429, { "content-type": "application/json", "retry-after": "1" }).end(JSON.stringify({ error: { message: "Slow down" } }));
      }
      const recover = /recover-after-(\d+)/.exec(model);
      if (recover && n <= Number(recover[1])) return void res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "still broken" } }));
      if (model.includes("broken")) return void res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "upstream exploded" } }));
      if (path.endsWith("/chat/completions") && model.startsWith("use-tool-")) return void streamOpenAiToolUse(res, model, body);
      if (path.endsWith("/chat/completions")) return void streamOpenAi(res, model);
      if (anthropic) return void streamAnthropic(res, model);
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
