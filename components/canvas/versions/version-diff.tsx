import {
  countChanges,
  describeAnnotation,
  describeAnnotationChange,
  describeEdge,
  describeNode,
  describeNodeChange,
  type GraphDiff,
} from "@/lib/flow/graph-diff";

type Tone = "added" | "removed" | "changed";
interface Line {
  tone: Tone;
  text: string;
}

/** Decoration only: every line's text says itself whether it was added, removed or changed. */
const MARK: Record<Tone, { sign: string; className: string }> = {
  added: { sign: "+", className: "bg-emerald-100 text-emerald-800" },
  removed: { sign: "−", className: "bg-red-100 text-red-800" },
  changed: { sign: "~", className: "bg-amber-100 text-amber-800" },
};

function sections(diff: GraphDiff): { title: string; lines: Line[] }[] {
  return [
    {
      title: "Nodes",
      lines: [
        ...diff.nodes.added.map((n): Line => ({ tone: "added", text: `Added ${describeNode(n)}` })),
        ...diff.nodes.removed.map((n): Line => ({ tone: "removed", text: `Removed ${describeNode(n)}` })),
        ...diff.nodes.changed.map((n): Line => ({ tone: "changed", text: describeNodeChange(n) })),
      ],
    },
    {
      title: "Edges",
      lines: [
        ...diff.edges.added.map((e): Line => ({ tone: "added", text: `Added ${describeEdge(e)}` })),
        ...diff.edges.removed.map((e): Line => ({ tone: "removed", text: `Removed ${describeEdge(e)}` })),
        ...diff.edges.changed.map((c): Line => ({ tone: "changed", text: `Reconnected ${describeEdge(c.before)} to ${describeEdge(c.after)}` })),
      ],
    },
    {
      title: "Notes and groups",
      lines: [
        ...diff.annotations.added.map((a): Line => ({ tone: "added", text: `Added ${describeAnnotation(a)}` })),
        ...diff.annotations.removed.map((a): Line => ({ tone: "removed", text: `Removed ${describeAnnotation(a)}` })),
        ...diff.annotations.changed.map((a): Line => ({ tone: "changed", text: describeAnnotationChange(a) })),
      ],
    },
  ].filter((s) => s.lines.length > 0);
}

/** The current draft compared with a version: what it added, removed and changed since. */
export function VersionDiff({ diff, version }: { diff: GraphDiff; version: number }) {
  const count = countChanges(diff);
  if (count === 0) {
    return (
      <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600" data-testid="version-diff">
        The current draft is the same as version {version}.
      </p>
    );
  }
  return (
    <div className="space-y-3" data-testid="version-diff">
      <p className="text-xs font-medium text-slate-500">
        {count} change{count === 1 ? "" : "s"} in the current draft since version {version}
      </p>
      {sections(diff).map((section) => (
        <section key={section.title} aria-label={section.title} className="space-y-1">
          <h4 className="text-[11px] font-semibold uppercase tracking-wide text-slate-400">{section.title}</h4>
          <ul className="space-y-1">
            {section.lines.map((line, i) => (
              <li key={i} className="flex items-start gap-2 text-sm text-slate-700">
                <span aria-hidden className={`mt-0.5 inline-flex h-4 w-4 shrink-0 items-center justify-center rounded text-xs font-bold ${MARK[line.tone].className}`}>
                  {MARK[line.tone].sign}
                </span>
                <span className="min-w-0 break-words font-mono text-[13px]">{line.text}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
