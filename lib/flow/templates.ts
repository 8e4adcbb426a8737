/**
 * {{ reference }} templates in node configs. A reference is `input.<field>` (a run input) or
 * `<nodeId>.output` (an upstream node's result).
 */
const TEMPLATE = /\{\{\s*([^{}]*?)\s*\}\}/g;

export type TemplateRef = { kind: "input"; field: string; raw: string } | { kind: "node"; nodeId: string; raw: string } | { kind: "invalid"; raw: string };

export function parseReference(raw: string): TemplateRef {
  const parts = raw.split(".");
  const [head, tail, ...rest] = parts;
  if (rest.length === 0 && head && tail && /^[A-Za-z_]\w*$/.test(head) && /^[A-Za-z_]\w*$/.test(tail)) {
    if (head === "input") return { kind: "input", field: tail, raw };
    if (tail === "output") return { kind: "node", nodeId: head, raw };
  }
  return { kind: "invalid", raw };
}

export function templateReferences(template: string): TemplateRef[] {
  return [...template.matchAll(TEMPLATE)].map((m) => parseReference(m[1] ?? ""));
}

export interface TemplateScope {
  inputs: Readonly<Record<string, unknown>>;
  outputs: Readonly<Record<string, unknown>>;
}

export function stringifyValue(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** Replaces every reference; throws on one the scope cannot satisfy (validation should have caught it). */
export function renderTemplate(template: string, scope: TemplateScope): string {
  return template.replace(TEMPLATE, (_match, raw: string) => {
    const ref = parseReference(raw.trim());
    if (ref.kind === "input" && Object.hasOwn(scope.inputs, ref.field)) return stringifyValue(scope.inputs[ref.field]);
    if (ref.kind === "node" && Object.hasOwn(scope.outputs, ref.nodeId)) return stringifyValue(scope.outputs[ref.nodeId]);
    throw new Error(`Unknown reference {{${raw.trim()}}}`);
  });
}
