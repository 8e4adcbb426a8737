/** Edit distance between two short strings. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/**
 * The candidate closest to `wrong` (case-insensitive) within `maxDistance` edits, or null.
 * Candidates whose length differs by more than `maxDistance` are skipped before the quadratic
 * distance, so a long hostile `wrong` costs only a length comparison per candidate.
 */
export function closestMatch(wrong: string, candidates: Iterable<string>, maxDistance = 2): string | null {
  const w = wrong.toLowerCase();
  let best: { candidate: string; d: number } | null = null;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - w.length) > maxDistance) continue;
    const d = distance(w, candidate.toLowerCase());
    if (d <= maxDistance && (!best || d < best.d)) best = { candidate, d };
  }
  return best?.candidate ?? null;
}

/** closestMatch against a fixed list, indexed by length so each question looks only at near lengths. */
export function nearestIn(candidates: readonly string[], maxDistance = 2): (wrong: string) => string | null {
  const byLength = new Map<number, number[]>();
  candidates.forEach((candidate, i) => {
    const bucket = byLength.get(candidate.length);
    if (bucket) bucket.push(i);
    else byLength.set(candidate.length, [i]);
  });
  return (wrong) => {
    const near: number[] = [];
    for (let length = wrong.length - maxDistance; length <= wrong.length + maxDistance; length++) near.push(...(byLength.get(length) ?? []));
    // In the list's order, so that of two equally near candidates the earlier one wins.
    return closestMatch(wrong, near.sort((a, b) => a - b).map((i) => candidates[i] as string), maxDistance);
  };
}
