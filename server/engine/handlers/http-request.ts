import { renderTemplate } from "@/lib/flow/templates";
import { serverEnv } from "../../env";
import type { NodeHandler } from "../handler-types";
import { idempotencyKey } from "../idempotency";
import { parseNetworkPolicy, type NetworkPolicy } from "../net/ip-policy";
import { retryAfterMs, safeHttpRequest } from "../net/safe-http";
import { kindForStatus, NodeError } from "../node-error";

let policy: NetworkPolicy | undefined;
function networkPolicy(): NetworkPolicy {
  policy ??= parseNetworkPolicy(serverEnv().HTTP_ALLOWED_HOSTS);
  return policy;
}

function parseBody(body: Buffer, contentType: string): unknown {
  const text = body.toString("utf8");
  if (/\bjson\b/i.test(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export const runHttpRequestNode: NodeHandler<"http_request"> = async ({ runId, iteration, node, runInputs, outputs, signal }) => {
  const scope = { inputs: runInputs, outputs };
  const { data } = node;
  const headers: Record<string, string> = { "user-agent": "Orchestra/0.1", "idempotency-key": idempotencyKey(runId, node.id, iteration) };
  for (const h of data.headers) headers[h.name.toLowerCase()] = renderTemplate(h.value, scope);
  const body = data.method === "GET" || data.method === "DELETE" || !data.body ? undefined : renderTemplate(data.body, scope);
  if (body !== undefined && !headers["content-type"]) headers["content-type"] = /^\s*[[{]/.test(body) ? "application/json" : "text/plain";

  let url: string;
  try {
    url = new URL(renderTemplate(data.url, scope)).toString();
  } catch {
    throw new NodeError("client_error", `Not a valid URL: ${renderTemplate(data.url, scope).slice(0, 200)}`);
  }
  let response;
  try {
    response = await safeHttpRequest({ method: data.method, url, headers, body, signal, policy: networkPolicy() });
  } catch (error) {
    if (error instanceof NodeError || signal.aborted) throw error;
    throw new NodeError("server_error", `Request to ${new URL(url).host} failed: ${(error as Error).message}`);
  }
  const parsed = parseBody(response.body, response.headers["content-type"] ?? "");
  if (response.status >= 400) {
    const preview = typeof parsed === "string" ? parsed.slice(0, 300) : JSON.stringify(parsed).slice(0, 300);
    throw new NodeError(kindForStatus(response.status), `HTTP ${response.status} ${response.statusText}: ${preview}`, retryAfterMs(response.headers["retry-after"]));
  }
  return { output: { status: response.status, headers: { "content-type": response.headers["content-type"] ?? "" }, body: parsed } };
};
