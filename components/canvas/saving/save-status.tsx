"use client";

import { useEditor } from "../editor-store";
import type { Autosaver, SaveState } from "./autosaver";
import { formatSavedAt } from "./format-time";
import { useSaveState } from "./use-autosave";

function statusText(save: SaveState): string {
  switch (save.status) {
    case "saving":
      return "Saving…";
    case "dirty":
      return "Unsaved changes";
    case "error":
      return `Save failed: ${save.error}`;
    case "conflict":
      return "Not saved: changed elsewhere";
    case "saved":
      return save.savedAt ? `Saved · ${formatSavedAt(save.savedAt)}` : "Not saved yet";
  }
}

const TONE: Record<SaveState["status"], string> = {
  saving: "text-slate-500",
  dirty: "text-slate-500",
  saved: "text-slate-500",
  error: "text-red-600",
  conflict: "text-amber-700",
};

const DOT: Record<SaveState["status"], string> = {
  saving: "bg-sky-400 animate-pulse",
  dirty: "bg-slate-400",
  saved: "bg-emerald-500",
  error: "bg-red-500",
  conflict: "bg-amber-500",
};

/** Where the flow stands: its newest version, and whether the canvas is saved (with Retry). */
export function SaveStatus({ autosaver }: { autosaver: Autosaver }) {
  const save = useSaveState(autosaver);
  const version = useEditor((s) => s.version);
  const dirty = useEditor((s) => s.dirty);
  const edited = dirty || save.unversioned;
  const retryAt = save.retryAt ? new Date(save.retryAt).toLocaleTimeString() : null;
  return (
    <div className="flex min-w-0 items-center gap-2 text-xs">
      <span
        className="shrink-0 rounded-full bg-slate-100 px-2 py-0.5 font-medium text-slate-600"
        data-testid="version-state"
        title={version === 0 ? "Runs and Save version create versions" : edited ? `The canvas differs from version ${version}` : `The canvas is version ${version}`}
      >
        {version === 0 ? "No versions yet" : edited ? `Version ${version} · edited` : `Version ${version}`}
      </span>
      <span className={`h-1.5 w-1.5 shrink-0 rounded-full ${DOT[save.status]}`} aria-hidden />
      <span
        className={`truncate ${TONE[save.status]}`}
        data-testid="save-state"
        data-status={save.status}
        role="status"
        title={retryAt ? `Trying again automatically at ${retryAt}` : undefined}
      >
        {statusText(save)}
      </span>
      {save.status === "error" ? (
        <button type="button" className="shrink-0 font-medium text-indigo-700 hover:underline" onClick={() => void autosaver.retry()}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
