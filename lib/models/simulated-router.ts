/**
 * The Simulator's router: picks the route whose name and description share the most words with
 * the text (ties go to the first of them; no overlap at all goes to the last route, where a
 * catch-all usually sits). Deterministic, so flows with routers are testable.
 */
function words(text: string): Set<string> {
  // A crude stem, enough to match "invoice" with "invoices" and "charged" with "charges".
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.map((w) => (w.length > 4 ? w.replace(/(ing|ed|es|e|s)$/, "") : w)) ?? []);
}

export function simulateRoute(text: string, routes: readonly { id: string; description: string }[]): string {
  const seen = words(text);
  let best = routes[0]?.id ?? "";
  let bestScore = 0;
  for (const route of routes) {
    const score = [...words(`${route.id} ${route.description}`)].filter((w) => seen.has(w)).length;
    if (score > bestScore) {
      best = route.id;
      bestScore = score;
    }
  }
  return bestScore > 0 ? best : (routes.at(-1)?.id ?? "");
}

/** The route a model's free-text answer names: the earliest route name appearing as a word. */
export function routeFromAnswer(answer: string, routes: readonly { id: string }[]): string | null {
  let found: { id: string; at: number } | null = null;
  for (const route of routes) {
    const match = new RegExp(`(^|[^\\p{L}\\p{N}_])${route.id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\p{L}\\p{N}_])`, "iu").exec(answer);
    if (match && (found === null || match.index < found.at)) found = { id: route.id, at: match.index };
  }
  return found?.id ?? null;
}
