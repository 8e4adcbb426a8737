import { serverEnv } from "../env";
import { createGuardedFetch } from "./guarded-fetch";
import { parseNetworkPolicy, type NetworkPolicy } from "./ip-policy";

let policy: NetworkPolicy | undefined;

/** The one egress policy of this process: public addresses only, plus HTTP_ALLOWED_HOSTS. */
export function egressPolicy(): NetworkPolicy {
  policy ??= parseNetworkPolicy(serverEnv().HTTP_ALLOWED_HOSTS);
  return policy;
}

let modelFetch: typeof fetch | undefined;

/** The fetch every model provider is called with: guarded like the HTTP node, reply capped. */
export function modelProviderFetch(): typeof fetch {
  modelFetch ??= createGuardedFetch({ policy: egressPolicy(), maxBytes: serverEnv().MODEL_RESPONSE_MAX_BYTES, what: "The model's reply" });
  return modelFetch;
}

export function httpResponseMaxBytes(): number {
  return serverEnv().HTTP_RESPONSE_MAX_BYTES;
}
