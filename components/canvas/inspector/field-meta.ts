import type { NodeType } from "@/lib/flow/node-types/index";

/**
 * Label and one line of help for every setting the inspector shows, by node type and data path
 * ("#" stands for any list index). Constraints (min, max, length, whole numbers) and defaults come
 * from the node's config schema; these are the words around them.
 */
export interface FieldMeta {
  label: string;
  help: string;
}

type MetaTable = Readonly<Record<string, FieldMeta>>;

const LABEL: MetaTable = { label: { label: "Label", help: "The name shown on the canvas card." } };

const RELIABILITY: MetaTable = {
  "execution.timeoutMs": { label: "Timeout (s)", help: "One attempt gives up after this long." },
  "execution.retry.attempts": { label: "Attempts", help: "Tries in total, the first included." },
  "execution.onFailure": { label: "On final failure, ask a person", help: "Approve retries the node, Reject fails it." },
};

const MODEL: MetaTable = {
  model: { label: "Model", help: "Who answers. The Simulator is free and needs no API key." },
  credentialId: { label: "Credential", help: "The saved API key this provider is called with." },
  customModel: { label: "Model name on the endpoint", help: "The name your OpenAI-compatible server knows the model by." },
};

export const FIELD_META: { readonly [K in NodeType]: MetaTable } = {
  input: {
    ...LABEL,
    fields: { label: "Run inputs", help: "Asked for when a run starts; other nodes use them as {{input.name}}." },
    "fields.#.name": { label: "Name (used as {{input.name}})", help: "Letters, digits and _, not starting with a digit." },
    "fields.#.label": { label: "Label shown when running", help: "What the person starting a run sees; empty shows the name." },
    "fields.#.defaultValue": { label: "Default value", help: "Used when the run leaves this empty." },
    "fields.#.required": { label: "Required", help: "A run cannot start without a value." },
  },
  agent: {
    ...LABEL,
    ...MODEL,
    systemPrompt: { label: "System prompt", help: "Who the model is and how it answers. Type {{ to insert a reference." },
    userPrompt: { label: "User prompt", help: "What to ask. Type {{ to insert a run input or an upstream result." },
    outputFormat: { label: "Output", help: "Plain text, or JSON checked against a schema you give." },
    outputSchema: { label: "Output JSON Schema", help: "Replies that are not JSON or do not match fail the node, with the reason." },
    temperature: { label: "Temperature", help: "0 is focused and repeatable, 2 the most varied." },
    maxTokens: { label: "Max tokens", help: "The longest reply allowed (a token is about ¾ of a word)." },
    "simulator.latencyMs": { label: "Latency (ms)", help: "How long the Simulator takes to answer." },
    "simulator.outputTokens": { label: "Output tokens (empty: from the prompt)", help: "Length of the simulated reply." },
    "simulator.failWith": { label: "Fail with error (empty: succeed)", help: "Every call fails with this message: to try failure handling." },
    "simulator.failureRate": { label: "Failure rate (0–1)", help: "Share of calls that fail, the same ones on every re-run." },
    "simulator.failFirst": { label: "Fail first N tries", help: "Then succeed: to try retries." },
    "simulator.failKind": { label: "Failing with", help: "What those tries report." },
    fallbackModel: { label: "Fallback model", help: "Answers instead when this model fails or its circuit is open." },
    fallbackCredentialId: { label: "Fallback credential", help: "The saved API key for the fallback model's provider." },
    ...RELIABILITY,
  },
  prompt_template: {
    ...LABEL,
    template: { label: "Template", help: "The text this node outputs. Type {{ to insert a run input or an upstream result." },
  },
  condition: {
    ...LABEL,
    combine: { label: "True when", help: "Whether every rule or any one rule must hold." },
    rules: { label: "Rules", help: "Each compares a value, usually a {{reference}}, with another." },
    "rules.#.left": { label: "Value", help: "What to test, e.g. {{input.topic}}." },
    "rules.#.operator": { label: "Operator", help: "How the value is compared." },
    "rules.#.right": { label: "Compared with", help: "Text or a number; may hold {{references}}." },
    "rules.#.caseSensitive": { label: "Case-sensitive", help: "Upper and lower case count as different." },
  },
  router: {
    ...LABEL,
    ...MODEL,
    text: { label: "Text to classify", help: "What the model reads to pick a route, usually an upstream result." },
    routes: { label: "Routes (each is an output port)", help: "The model picks one; the others are skipped." },
    "routes.#.id": { label: "Name", help: "The port's name." },
    "routes.#.description": { label: "When", help: "When to pick it." },
  },
  merge: {
    ...LABEL,
    join: { label: "Join", help: "How the branches come together." },
  },
  delay: {
    ...LABEL,
    ms: { label: "Wait (ms)", help: "Up to 30 days; no worker is held while it waits. The input then passes on unchanged." },
  },
  calculator: {
    ...LABEL,
    expression: { label: "Expression", help: "A mathjs expression, e.g. round({{input.price}} * 1.2, 2)." },
  },
  http_request: {
    ...LABEL,
    method: { label: "Method", help: "GET reads; POST, PUT and PATCH send the body." },
    url: { label: "URL", help: "Private and internal addresses are refused. May hold {{references}}." },
    headers: { label: "Headers", help: "Sent with the request; values may hold {{references}}." },
    "headers.#.name": { label: "Header", help: "e.g. Accept. Secrets belong in a credential, not here." },
    "headers.#.value": { label: "Value", help: "May hold {{references}}." },
    body: { label: "Body", help: "Sent as written, after {{references}} are filled in." },
    credentialId: { label: "Authentication", help: "A stored HTTP credential (bearer token, header, basic or query parameter), sent only to its own base URL." },
    ...RELIABILITY,
  },
  code: {
    ...LABEL,
    code: { label: "JavaScript (function body, return a JSON value)", help: "Runs in a sandbox without network, files or host." },
    timeoutMs: { label: "Time limit (ms)", help: "The code is stopped after this long." },
    memoryMb: { label: "Memory limit (MB)", help: "The code is stopped if it needs more." },
  },
  approval: {
    ...LABEL,
    message: { label: "Question for the approver", help: "Shown with Approve and Reject; may hold {{references}}." },
  },
  subflow: {
    ...LABEL,
    flowId: { label: "Flow to run", help: "Its latest saved version runs as a child run." },
    inputs: { label: "Inputs of that flow", help: "Values for the flow's run inputs; may hold {{references}}." },
    "inputs.#.value": { label: "Value", help: "May hold {{references}}." },
  },
  map: {
    ...LABEL,
    flowId: { label: "Flow to run per item", help: "Its latest saved version runs once per item." },
    items: { label: "List", help: "A JSON array or one item per line; empty uses whatever arrives." },
    itemInput: { label: "Input of that flow that receives each item", help: "The run input name in the per-item flow." },
    concurrency: { label: "At a time", help: "How many items run at once." },
    maxItems: { label: "Item cap", help: "A longer list fails the node." },
  },
  output: {
    ...LABEL,
    value: { label: "Value", help: "What the run returns here; empty returns whatever arrives." },
  },
};

/** "rules.3.left" → "rules.#.left" */
export function metaPath(path: string): string {
  return path.replace(/\.\d+(?=\.|$)/g, ".#");
}

export function fieldMeta(type: NodeType, path: string): FieldMeta | undefined {
  return FIELD_META[type][metaPath(path)];
}
