"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { diffGraphs } from "@/lib/flow/graph-diff";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Notice, Spinner } from "@/components/ui/notice";
import type { AppRouter } from "@/server/api/root";
import { toAnnotations } from "../annotation-nodes";
import { useEditor } from "../editor-store";
import { toGraph } from "../graph-convert";
import type { Autosaver } from "../saving/autosaver";
import { formatRelative } from "../saving/format-time";
import { VersionDiff } from "./version-diff";

type VersionRow = inferRouterOutputs<AppRouter>["flow"]["versions"]["items"][number];

/** Re-renders every 30 s so "5 minutes ago" stays true while the panel is open. */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** The canvas as a graph, recomputed when it changes (deferred, so dragging stays smooth). */
function useCurrentGraph() {
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const annotations = useEditor((s) => s.annotations);
  const graph = useMemo(() => toGraph(nodes, edges, toAnnotations(annotations)), [nodes, edges, annotations]);
  return useDeferredValue(graph);
}

/**
 * The flow's versions, newest first: who saved what when. Selecting one shows how the current
 * draft differs from it and offers to restore it (as a new version; nothing is lost).
 */
export function VersionsPanel({ open, onClose, autosaver }: { open: boolean; onClose: () => void; autosaver: Autosaver }) {
  const ref = useRef<HTMLElement>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  // Opening moves the focus into the panel; Escape inside it closes it.
  useEffect(() => {
    if (!open) return;
    ref.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && ref.current?.contains(event.target as Node)) close.current();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);
  if (!open) return null;
  return (
    <aside
      ref={ref}
      tabIndex={-1}
      aria-label="Versions"
      className="fixed bottom-0 right-0 top-24 z-40 flex w-[27rem] max-w-full flex-col border-l border-slate-200 bg-white shadow-2xl outline-none"
    >
      <header className="flex items-start justify-between gap-3 border-b border-slate-200 px-4 py-3">
        <div>
          <h2 className="text-sm font-semibold text-slate-900">Versions</h2>
          <p className="text-xs text-slate-500">Select a version to compare it with the current draft or restore it.</p>
        </div>
        <button type="button" aria-label="Close versions" className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700" onClick={onClose}>
          ✕
        </button>
      </header>
      <VersionList autosaver={autosaver} />
    </aside>
  );
}

function VersionList({ autosaver }: { autosaver: Autosaver }) {
  const trpc = useTRPC();
  const flowId = useEditor((s) => s.flowId);
  const now = useNow();
  const [selected, setSelected] = useState<number | null>(null);
  const [restoredAs, setRestoredAs] = useState<{ from: number; to: number } | null>(null);
  const versions = useInfiniteQuery(trpc.flow.versions.infiniteQueryOptions({ flowId }, { getNextPageParam: (page) => page.nextCursor, staleTime: 0 }));
  const items = versions.data?.pages.flatMap((page) => page.items) ?? [];
  const newest = items[0]?.version;

  if (versions.isPending) {
    return (
      <div className="p-4">
        <Spinner label="Loading versions…" />
      </div>
    );
  }
  if (versions.error && !versions.data) {
    return (
      <div className="space-y-2 p-4">
        <Notice tone="error">Could not load the versions: {versions.error.message}</Notice>
        <Button variant="secondary" onClick={() => void versions.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  if (items.length === 0) {
    return (
      <div className="space-y-2 p-6 text-center text-sm text-slate-500">
        <p className="font-medium text-slate-700">No versions yet</p>
        <p>Save version keeps a named snapshot of the canvas. Running the flow saves one too.</p>
      </div>
    );
  }
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      {restoredAs ? (
        <div className="border-b border-slate-200 p-3">
          <Notice tone="success">
            Restored version {restoredAs.from} as version {restoredAs.to}.
          </Notice>
        </div>
      ) : null}
      <ol className="relative py-2" aria-label="Saved versions">
        {items.map((item) => (
          <VersionItem
            key={item.version}
            item={item}
            latest={item.version === newest}
            now={now}
            selected={selected === item.version}
            onSelect={() => {
              setRestoredAs(null);
              setSelected(selected === item.version ? null : item.version);
            }}
          >
            {selected === item.version ? (
              <VersionDetail
                version={item.version}
                autosaver={autosaver}
                onRestored={(to) => {
                  setSelected(null);
                  setRestoredAs({ from: item.version, to });
                }}
              />
            ) : null}
          </VersionItem>
        ))}
      </ol>
      {versions.hasNextPage ? (
        <div className="px-4 pb-4">
          <Button variant="secondary" className="w-full" disabled={versions.isFetchingNextPage} onClick={() => void versions.fetchNextPage()}>
            {versions.isFetchingNextPage ? "Loading…" : "Show older versions"}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function VersionItem({
  item,
  latest,
  now,
  selected,
  onSelect,
  children,
}: {
  item: VersionRow;
  latest: boolean;
  now: Date;
  selected: boolean;
  onSelect: () => void;
  children: React.ReactNode;
}) {
  const author = item.createdBy.name || item.createdBy.email;
  return (
    <li className={`relative border-l-2 ${selected ? "border-indigo-500 bg-indigo-50/60" : "border-transparent"}`} data-testid={`version-${item.version}`}>
      <button
        type="button"
        aria-expanded={selected}
        className="flex w-full items-start gap-3 px-4 py-2.5 text-left hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-none"
        onClick={onSelect}
      >
        <span
          className={`mt-0.5 inline-flex h-6 min-w-8 shrink-0 items-center justify-center rounded-md px-1.5 text-xs font-semibold ${latest ? "bg-indigo-600 text-white" : "bg-slate-100 text-slate-600"}`}
        >
          v{item.version}
        </span>
        <span className="min-w-0 flex-1">
          <span className="flex items-center gap-2">
            <span className={`truncate text-sm font-medium ${item.message ? "text-slate-900" : "italic text-slate-400"}`}>{item.message ?? "No message"}</span>
            {latest ? <span className="shrink-0 rounded bg-emerald-100 px-1.5 text-[10px] font-semibold uppercase tracking-wide text-emerald-800">Latest</span> : null}
          </span>
          <span className="block truncate text-xs text-slate-500">
            {author} ·{" "}
            <time dateTime={item.createdAt.toISOString()} title={item.createdAt.toLocaleString()}>
              {formatRelative(item.createdAt, now)}
            </time>
          </span>
        </span>
      </button>
      {children}
    </li>
  );
}

function VersionDetail({ version, autosaver, onRestored }: { version: number; autosaver: Autosaver; onRestored: (newVersion: number) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const flowId = useEditor((s) => s.flowId);
  const current = useCurrentGraph();
  const stored = useQuery({ ...trpc.flow.version.queryOptions({ flowId, version }), staleTime: Infinity });
  const diff = useMemo(() => (stored.data ? diffGraphs(stored.data.graph, current) : null), [stored.data, current]);
  const restore = useMutation(trpc.flow.restoreVersion.mutationOptions());
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function doRestore() {
    setError(null);
    try {
      const restored = await autosaver.commit(({ revision }) => restore.mutateAsync({ flowId, version, baseRevision: revision }), { flushFirst: true });
      await queryClient.invalidateQueries(trpc.flow.versions.pathFilter());
      onRestored(restored.version);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <div className="space-y-3 px-4 pb-4 pl-[3.75rem]">
      {stored.isPending ? <Spinner label="Comparing…" /> : null}
      {stored.error ? <Notice tone="error">Could not load version {version}: {stored.error.message}</Notice> : null}
      {diff ? <VersionDiff diff={diff} version={version} /> : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {stored.data ? (
        confirming ? (
          <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3" role="group" aria-label="Confirm restore">
            <p className="text-sm text-amber-900">
              The canvas becomes version {version} again, saved as a new version. Edits not in a version yet are kept as a version first: nothing is lost.
            </p>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setConfirming(false)} disabled={restore.isPending}>
                Cancel
              </Button>
              <Button onClick={() => void doRestore()} disabled={restore.isPending}>
                {restore.isPending ? "Restoring…" : `Restore version ${version}`}
              </Button>
            </div>
          </div>
        ) : (
          <Button variant="secondary" onClick={() => setConfirming(true)}>
            Restore this version
          </Button>
        )
      ) : null}
    </div>
  );
}
