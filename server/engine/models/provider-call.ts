import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { AISDKError, APICallError, jsonSchema, stepCountIs, streamText, tool, type LanguageModel, type ToolSet } from "ai";
import { MAX_TOOL_STEPS } from "@/lib/flow/execution-settings";
import { callTool, type ToolSpec } from "../tools/tool-specs";
import type { ModelProvider, OpenedModelCredential } from "../../security/credential-secrets";
import { retryAfterMs } from "../../net/safe-http";
import { kindForStatus, NodeError } from "../node-error";

export interface ModelCall {
  credential: OpenedModelCredential;
  provider: ModelProvider;
  modelName: string;
  system: string;
  prompt: string;
  temperature: number;
  maxTokens: number;
  signal: AbortSignal;
  onDelta: (text: string) => void;
  /** Nodes the model may call; the SDK loops call → result → answer for up to MAX_TOOL_STEPS steps. */
  tools?: ToolSpec[];
  /** The guarded fetch every provider request goes through (egress policy, reply cap). */
  fetch: typeof fetch;
}

export interface ModelReply {
  text: string;
  tokensIn: number;
  tokensOut: number;
}

function languageModel(call: ModelCall): LanguageModel {
  const { apiKey, baseUrl } = call.credential;
  const { fetch } = call;
  switch (call.provider) {
    case "openai":
      // The Chat Completions API, which every OpenAI-compatible server also speaks.
      return createOpenAI({ apiKey, baseURL: baseUrl ?? undefined, fetch }).chat(call.modelName);
    case "anthropic":
      return createAnthropic({ apiKey, baseURL: baseUrl ?? undefined, fetch }).messages(call.modelName);
    case "openai-compatible":
      return createOpenAICompatible({ name: "custom", apiKey, baseURL: baseUrl ?? "", includeUsage: true, fetch }).chatModel(call.modelName);
  }
}

/**
 * The provider's own error message from a JSON error body ({"error": {"message": …}} or
 * {"error": "…"} or {"message": …}), at most 200 characters. Never the raw body: a base URL can
 * point at a service that is not a model API, and its answer must not come back through the node.
 */
export function providerMessage(body: string | undefined): string | null {
  if (!body) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const record = parsed as { error?: unknown; message?: unknown };
  const nested = typeof record.error === "object" && record.error !== null ? (record.error as { message?: unknown }).message : undefined;
  const message = [nested, record.error, record.message].find((m): m is string => typeof m === "string");
  return message ? message.slice(0, 200) : null;
}

/** Provider failures as node errors: 429 → rate_limit (with Retry-After), 5xx → server_error, and so on. */
export function providerError(error: unknown): NodeError {
  // The guarded fetch's own refusals (blocked address, reply cap) arrive wrapped by the SDK.
  for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    if (cause instanceof NodeError) return cause;
  }
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === undefined) return new NodeError("server_error", `Provider unreachable: ${error.message.slice(0, 200)}`);
    const detail = providerMessage(error.responseBody);
    const headers = Object.fromEntries(Object.entries(error.responseHeaders ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return new NodeError(kindForStatus(status), `Provider answered ${status}${detail ? `: ${detail}` : ""}`, retryAfterMs(headers["retry-after"]));
  }
  // The SDK's parse and validation errors quote the reply they could not read: name them only.
  if (AISDKError.isInstance(error)) return new NodeError("other", `The provider's reply could not be read (${error.name})`);
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 200);
  return new NodeError(/ECONNREFUSED|ECONNRESET|ETIMEDOUT|fetch failed/i.test(message) ? "server_error" : "other", message);
}

/** One streamed model call: partial text goes to `onDelta` as it arrives; usage comes from the provider. */
export async function callModel(call: ModelCall): Promise<ModelReply> {
  const tools: ToolSet | undefined = call.tools?.length
    ? Object.fromEntries(
        call.tools.map((spec) => [
          spec.name,
          tool({ description: spec.description, inputSchema: jsonSchema(spec.inputSchema), execute: (args: unknown) => callTool(spec, (args ?? {}) as Record<string, unknown>, call.onDelta) }),
        ]),
      )
    : undefined;
  const result = streamText({
    model: languageModel(call),
    tools,
    stopWhen: tools ? stepCountIs(MAX_TOOL_STEPS) : undefined,
    system: call.system || undefined,
    prompt: call.prompt,
    temperature: call.temperature,
    maxOutputTokens: call.maxTokens,
    abortSignal: call.signal,
    // Retries are the engine's (per-node policy, visible as events), not the SDK's.
    maxRetries: 0,
  });
  let text = "";
  let usage: { inputTokens: number | undefined; outputTokens: number | undefined } | undefined;
  for await (const part of result.fullStream) {
    if (part.type === "text-delta") {
      text += part.text;
      call.onDelta(part.text);
    } else if (part.type === "error") {
      throw providerError(part.error);
    } else if (part.type === "abort") {
      throw call.signal.reason instanceof Error ? call.signal.reason : new Error("Aborted");
    } else if (part.type === "finish") {
      usage = part.totalUsage;
    }
  }
  return { text, tokensIn: usage?.inputTokens ?? 0, tokensOut: usage?.outputTokens ?? 0 };
}
