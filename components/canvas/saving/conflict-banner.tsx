"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { Autosaver } from "./autosaver";
import { useSaveState } from "./use-autosave";

/** Shown when a save finds the flow changed elsewhere: the person chooses; nothing is dropped silently. */
export function ConflictBanner({ autosaver }: { autosaver: Autosaver }) {
  const save = useSaveState(autosaver);
  const [busy, setBusy] = useState<"reload" | "overwrite" | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (save.status !== "conflict" && busy === null) return null;

  async function choose(choice: "reload" | "overwrite") {
    setBusy(choice);
    setError(null);
    try {
      if (choice === "reload") await autosaver.reloadTheirs();
      else if (!(await autosaver.overwrite())) setError(autosaver.getState().error);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div
      role="alertdialog"
      aria-label="Flow changed elsewhere"
      className="fixed left-1/2 top-28 z-50 w-[min(34rem,calc(100vw-2rem))] -translate-x-1/2 rounded-lg border border-amber-300 bg-amber-50 p-4 shadow-xl"
    >
      <p className="font-semibold text-amber-950">This flow was changed in another tab or by someone else</p>
      <p className="mt-1 text-sm text-amber-900">
        Your latest edits are not saved. Reload to see their version (Undo brings your edits back), or keep yours and overwrite theirs.
      </p>
      {error ? <p className="mt-2 text-sm text-red-700">{error}</p> : null}
      <div className="mt-3 flex justify-end gap-2">
        <Button variant="secondary" disabled={busy !== null} onClick={() => void choose("reload")}>
          {busy === "reload" ? "Reloading…" : "Reload theirs"}
        </Button>
        <Button variant="danger" disabled={busy !== null} onClick={() => void choose("overwrite")}>
          {busy === "overwrite" ? "Saving…" : "Keep mine (overwrite)"}
        </Button>
      </div>
    </div>
  );
}
