/**
 * One sanitizer for every value the engine stores as jsonb or text. Postgres refuses NUL
 * characters in text and jsonb and lone UTF-16 surrogates in jsonb; a node output carrying
 * either (a third party's HTTP body, a Code node, an emoji cut in half by a preview) would
 * fail its commit and leave the node running forever. NULs are dropped, lone surrogates become
 * U+FFFD, in keys as well as values.
 */
const UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const HAS_UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function safeText(text: string): string {
  return HAS_UNSAFE.test(text) ? text.replace(UNSAFE, (c) => (c === "\u0000" ? "" : "\ufffd")) : text;
}

function safeKeys(value: object): object {
  const keys = Object.keys(value);
  if (!keys.some((k) => HAS_UNSAFE.test(k))) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [safeText(k), v]));
}

/** JSON text safe for a jsonb parameter. `undefined` (or a value JSON cannot hold) becomes `null`. */
export function toJsonb(value: unknown): string {
  const json = JSON.stringify(value ?? null, (_key, v: unknown) => {
    if (typeof v === "string") return safeText(v);
    if (v !== null && typeof v === "object" && !Array.isArray(v)) return safeKeys(v);
    return v;
  }) as string | undefined;
  return json ?? "null";
}

/** Cuts text to at most `max` UTF-16 units without splitting a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
