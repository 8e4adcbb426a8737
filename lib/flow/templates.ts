/**
 * {{ reference }} templates in node configs. A reference is `input.<field>` (a run input) or
 * `<nodeId>.output` (an upstream node's result), optionally followed by a path into its JSON:
 * `.key`, `[0]`, `["key with spaces"]`.
 *
 * Templates are hostile input that is parsed on the web server's thread (run.start, run.estimate)
 * and on every keystroke in the editor, so the scanner and the reference parser are hand-written
 * and linear in the length of the text: no backtracking regular expression ever sees a template.
 */

/** A step into a JSON value: an object key or a list index. */
export type PathSegment = string | number;

export type TemplateRef =
  | { kind: "input"; field: string; raw: string; path?: PathSegment[] }
  | { kind: "node"; nodeId: string; raw: string; path?: PathSegment[] }
  | { kind: "invalid"; raw: string };

/** One `{{…}}` in a template: where it starts and ends, and the text between the braces, trimmed. */
export interface TemplateToken {
  start: number;
  end: number;
  raw: string;
}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/**
 * Every `{{ … }}` whose inside holds no brace, left to right, as the former
 * `/\{\{\s*([^{}]*?)\s*\}\}/g` found them. After a failed `{{` the next candidate starts at or
 * after the brace that stopped it, so each character is looked at a bounded number of times.
 */
export function scanTemplate(template: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let from = 0;
  for (;;) {
    const start = template.indexOf("{{", from);
    if (start === -1) return tokens;
    let j = start + 2;
    while (j < template.length) {
      const c = template.charCodeAt(j);
      if (c === OPEN_BRACE || c === CLOSE_BRACE) break;
      j++;
    }
    if (j + 1 < template.length && template.charCodeAt(j) === CLOSE_BRACE && template.charCodeAt(j + 1) === CLOSE_BRACE) {
      tokens.push({ start, end: j + 2, raw: template.slice(start + 2, j).trim() });
      from = j + 2;
    } else {
      from = start + 1;
    }
  }
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/** The identifier starting at `at`, or null. */
function identAt(text: string, at: number): string | null {
  if (at >= text.length || !isIdentStart(text.charCodeAt(at))) return null;
  let end = at + 1;
  while (end < text.length && isIdentPart(text.charCodeAt(end))) end++;
  return text.slice(at, end);
}

/** `[0]`, `["key"]` or `['key']` starting at `at` (on the `[`): the segment and where it ends. */
function bracketAt(text: string, at: number): { segment: PathSegment; end: number } | null {
  const first = text[at + 1];
  if (first === '"' || first === "'") {
    let key = "";
    let i = at + 2;
    while (i < text.length && text[i] !== first) {
      if (text[i] === "\\" && i + 1 < text.length) i++;
      key += text[i];
      i++;
    }
    if (i >= text.length || text[i + 1] !== "]") return null;
    return { segment: key, end: i + 2 };
  }
  let i = at + 1;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  const digits = text.slice(at + 1, i);
  if (!digits || text[i] !== "]" || (digits.length > 1 && digits.startsWith("0"))) return null;
  const index = Number(digits);
  return Number.isSafeInteger(index) ? { segment: index, end: i + 1 } : null;
}

/** The path after a reference's head (`.key`, `[0]`, `["key"]`), or null when it is not one. */
function parsePath(text: string, at: number): PathSegment[] | null {
  const path: PathSegment[] = [];
  let i = at;
  while (i < text.length) {
    if (text[i] === ".") {
      const key = identAt(text, i + 1);
      if (key === null) return null;
      path.push(key);
      i += 1 + key.length;
    } else if (text[i] === "[") {
      const step = bracketAt(text, i);
      if (!step) return null;
      path.push(step.segment);
      i = step.end;
    } else {
      return null;
    }
  }
  return path;
}

export function parseReference(raw: string): TemplateRef {
  const head = identAt(raw, 0);
  const tail = head === null || raw[head.length] !== "." ? null : identAt(raw, head.length + 1);
  if (head === null || tail === null) return { kind: "invalid", raw };
  const path = parsePath(raw, head.length + 1 + tail.length);
  if (path === null) return { kind: "invalid", raw };
  const withPath = path.length ? { path } : {};
  if (head === "input") return { kind: "input", field: tail, raw, ...withPath };
  if (tail === "output") return { kind: "node", nodeId: head, raw, ...withPath };
  return { kind: "invalid", raw };
}

export function templateReferences(template: string): TemplateRef[] {
  return scanTemplate(template).map((token) => parseReference(token.raw));
}

/** `.items[0].title`, `["key with spaces"]`: a path as it is written in a reference. */
export function formatPath(path: readonly PathSegment[]): string {
  return path.map((s) => (typeof s === "number" ? `[${s}]` : identAt(s, 0) === s ? `.${s}` : `[${JSON.stringify(s)}]`)).join("");
}

/** What a reference names without its path: `input.topic` or `agent_1.output`. */
export function referenceBase(ref: Exclude<TemplateRef, { kind: "invalid" }>): string {
  return ref.kind === "input" ? `input.${ref.field}` : `${ref.nodeId}.output`;
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

/** A JSON value given as text, parsed; `undefined` when the text is not a JSON object or list. */
function parseJsonText(text: string, cache: Map<string, unknown>): unknown {
  if (cache.has(text)) return cache.get(text);
  let parsed: unknown;
  const body = text.trim();
  if (body.startsWith("{") || body.startsWith("[")) {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
  }
  cache.set(text, parsed);
  return parsed;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "empty";
  if (typeof value === "string") return "text, not JSON";
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 0) return "an empty object";
    const shown = keys.slice(0, 8).map((k) => (k.length > 40 ? `${k.slice(0, 40)}…` : k));
    return `an object with ${shown.join(", ")}${keys.length > shown.length ? ", …" : ""}`;
  }
  return `a ${typeof value}`;
}

export type PathLookup = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Follows `path` into `value`, reading only own properties of objects and indexes of lists (never
 * `__proto__`, `constructor` or other inherited members). Text on the way is read as JSON.
 * `name` is how the value is called in the error, e.g. "agent_1.output".
 */
export function lookupPath(value: unknown, path: readonly PathSegment[], name: string, cache: Map<string, unknown> = new Map()): PathLookup {
  let current = value;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as PathSegment;
    const container = typeof current === "string" ? parseJsonText(current, cache) : current;
    let next: { found: true; value: unknown } | { found: false } = { found: false };
    if (Array.isArray(container)) {
      if (typeof segment === "number" && segment < container.length) next = { found: true, value: container[segment] };
    } else if (container !== null && typeof container === "object") {
      const key = String(segment);
      if (Object.hasOwn(container, key)) next = { found: true, value: (container as Record<string, unknown>)[key] };
    }
    if (!next.found) {
      const at = `${name}${formatPath(path.slice(0, i))}`;
      const missing = typeof segment === "number" ? `[${segment}]` : formatPath([segment]).replace(/^\./, "");
      return { ok: false, message: `${at} has no ${missing} (it is ${describe(container ?? current)})` };
    }
    current = next.value;
  }
  return { ok: true, value: current };
}

/** Replaces each `{{…}}` with what `resolve` gives for it; the text around is copied as it is. */
export function renderTemplateWith(template: string, resolve: (ref: TemplateRef, token: TemplateToken) => string): string {
  let out = "";
  let from = 0;
  for (const token of scanTemplate(template)) {
    out += template.slice(from, token.start) + resolve(parseReference(token.raw), token);
    from = token.end;
  }
  return out + template.slice(from);
}

/**
 * The value a reference stands for in `scope`; throws with the reference named when the scope
 * cannot satisfy it (validation should have caught an unknown name; a missing path is a run-time
 * fact about the upstream output).
 */
export function resolveReference(ref: TemplateRef, scope: TemplateScope, cache: Map<string, unknown> = new Map()): unknown {
  const base = ref.kind === "input" ? scope.inputs : ref.kind === "node" ? scope.outputs : null;
  const key = ref.kind === "input" ? ref.field : ref.kind === "node" ? ref.nodeId : "";
  if (!base || !Object.hasOwn(base, key)) throw new Error(`Unknown reference {{${ref.raw}}}`);
  const value = base[key];
  if (ref.kind === "invalid" || !ref.path) return value;
  const found = lookupPath(value, ref.path, referenceBase(ref), cache);
  if (!found.ok) throw new Error(`{{${ref.raw}}}: ${found.message}`);
  return found.value;
}

/** Replaces every reference; throws on one the scope cannot satisfy. */
export function renderTemplate(template: string, scope: TemplateScope): string {
  const cache = new Map<string, unknown>();
  return renderTemplateWith(template, (ref) => stringifyValue(resolveReference(ref, scope, cache)));
}
