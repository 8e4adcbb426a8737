const FALLBACK = "/flows";

/**
 * Where to go after signing in: only a path on this site. "//evil.com" and "/\evil.com" (which
 * browsers read as "//evil.com") are refused, and the result must resolve to the same origin.
 */
export function safeCallback(raw: string | null, origin: string): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\") || /[\u0000-\u001f\\]/.test(raw)) return FALLBACK;
  try {
    const url = new URL(raw, origin);
    if (url.origin !== new URL(origin).origin) return FALLBACK;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return FALLBACK;
  }
}
