import { renderTemplate } from "@/lib/flow/templates";
import type { NodeHandler } from "../handler-types";
import { idempotencyKey } from "../idempotency";
import { egressPolicy, httpResponseMaxBytes } from "../../net/egress";
import { applyHttpAuth, redactSecrets } from "../../net/http-auth";
import { retryAfterMs, safeHttpRequest } from "../../net/safe-http";
import { kindForStatus, NodeError } from "../node-error";

function parseBody(text: string, contentType: string): unknown {
  if (/\bjson\b/i.test(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export const runHttpRequestNode: NodeHandler<"http_request"> = async ({ runId, iteration, node, runInputs, outputs, signal, loadCredential }) => {
  const scope = { inputs: runInputs, outputs };
  const { data } = node;
  let headers: Record<string, string> = { "user-agent": "Orchestra/0.1", "idempotency-key": idempotencyKey(runId, node.id, iteration) };
  for (const h of data.headers) headers[h.name.toLowerCase()] = renderTemplate(h.value, scope);
  const body = data.method === "GET" || data.method === "DELETE" || !data.body ? undefined : renderTemplate(data.body, scope);
  if (body !== undefined && !headers["content-type"]) headers["content-type"] = /^\s*[[{]/.test(body) ? "application/json" : "text/plain";

  let url: URL;
  try {
    url = new URL(renderTemplate(data.url, scope));
  } catch {
    throw new NodeError("client_error", `Not a valid URL: ${renderTemplate(data.url, scope).slice(0, 200)}`);
  }
  let secretQueryParams: string[] = [];
  let secrets: string[] = [];
  if (data.credentialId) {
    const credential = await loadCredential(data.credentialId);
    if (credential.provider !== "http") throw new NodeError("client_error", "This credential is a model provider's key; pick an HTTP credential");
    ({ url, headers, secretQueryParams, secrets } = applyHttpAuth(url, headers, credential.auth, credential.baseUrl));
  }
  let response;
  try {
    response = await safeHttpRequest({ method: data.method, url: url.toString(), headers, body, signal, policy: egressPolicy(), maxBytes: httpResponseMaxBytes(), secretQueryParams });
  } catch (error) {
    if (error instanceof NodeError || signal.aborted) throw error;
    throw new NodeError("server_error", `Request to ${url.host} failed: ${redactSecrets((error as Error).message, secrets).slice(0, 200)}`);
  }
  // An endpoint that echoes the request (headers, query) must not hand the secret to the run's output.
  const parsed = parseBody(redactSecrets(response.body.toString("utf8"), secrets), response.headers["content-type"] ?? "");
  if (response.status >= 400) {
    const preview = typeof parsed === "string" ? parsed.slice(0, 300) : JSON.stringify(parsed).slice(0, 300);
    throw new NodeError(kindForStatus(response.status), `HTTP ${response.status} ${response.statusText}: ${preview}`, retryAfterMs(response.headers["retry-after"]));
  }
  return { output: { status: response.status, headers: { "content-type": response.headers["content-type"] ?? "" }, body: parsed } };
};
