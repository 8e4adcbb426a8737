"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import type { InputField } from "@/lib/flow/node-types/input";
import { declaredInputs, validateForRun, type FlowProblem } from "@/lib/flow/validate-for-run";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { useEditorRequest } from "./commands/editor-events";
import { useEditor, useEditorApi } from "./editor-store";
import { RunDialog, type RunRequest } from "./run-dialog";
import { ConflictBanner } from "./saving/conflict-banner";
import { SaveStatus } from "./saving/save-status";
import { SaveVersionDialog } from "./saving/save-version-dialog";
import { describeSaveError, useAutosaver } from "./saving/use-autosave";
import { VersionsPanel } from "./versions/versions-panel";

const NO_FIELDS: InputField[] = [];

/** `extra` holds buttons owned by the layout (problems, import/export), placed before Versions. */
export function EditorToolbar({ name, onProblems, extra }: { name: string; onProblems: (problems: FlowProblem[]) => void; extra?: ReactNode }) {
  const trpc = useTRPC();
  const store = useEditorApi();
  const flowId = useEditor((s) => s.flowId);
  const dirty = useEditor((s) => s.dirty);
  const runStatus = useEditor((s) => s.run?.view.status);
  const autosaver = useAutosaver();
  const prepareRun = useMutation(trpc.flow.prepareRun.mutationOptions());
  const start = useMutation(trpc.run.start.mutationOptions());
  const [runOpen, setRunOpen] = useState(false);
  const [preparing, setPreparing] = useState(false);
  const [versionDialogOpen, setVersionDialogOpen] = useState(false);
  const [versionsOpen, setVersionsOpen] = useState(false);

  /** Runs execute the newest version: save the canvas, check it, make it a version if it is not one. */
  async function openRun() {
    setPreparing(true);
    try {
      if (!(await autosaver.flush())) return;
      const problems = validateForRun(store.getState().graph());
      onProblems(problems);
      if (problems.length > 0) return;
      await autosaver.commit(({ revision }) => prepareRun.mutateAsync({ flowId, baseRevision: revision }), { flushFirst: true });
      setRunOpen(true);
    } catch (error) {
      // A conflict shows its own banner; anything else goes to the editor's notice line.
      const { kind, message } = describeSaveError(error);
      if (kind !== "conflict") store.getState().setNotice(`Could not prepare the run: ${message}`);
    } finally {
      setPreparing(false);
    }
  }

  async function run(request: RunRequest) {
    const state = store.getState();
    const { runId } = await start.mutateAsync({ flowId: state.flowId, ...request });
    state.watchRun(runId);
    // The address names the run, so a reload or a shared link shows it again.
    window.history.replaceState(null, "", `?run=${encodeURIComponent(runId)}`);
    setRunOpen(false);
  }

  // The command palette and shortcuts ask for these by name.
  useEditorRequest("save", () => void autosaver.flush());
  useEditorRequest("save-version", () => setVersionDialogOpen(true));
  useEditorRequest("versions", () => setVersionsOpen((open) => !open));
  useEditorRequest("run", () => void openRun());

  // Leaving with unsaved edits asks first; Ctrl/Cmd-S saves now (autosave does it a second later anyway).
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === "s") {
        event.preventDefault();
        void autosaver.flush();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [autosaver]);

  const running = runStatus === "queued" || runStatus === "running";
  return (
    <div className="flex h-12 shrink-0 items-center justify-between gap-3 border-b border-slate-200 bg-white px-4">
      <div className="flex min-w-0 items-center gap-3">
        <h1 className="truncate font-semibold" data-testid="flow-name">
          {name}
        </h1>
        <SaveStatus autosaver={autosaver} />
      </div>
      <div className="flex shrink-0 items-center gap-2">
        {extra}
        <Button variant="ghost" aria-pressed={versionsOpen} className={versionsOpen ? "bg-slate-200" : ""} onClick={() => setVersionsOpen((open) => !open)}>
          Versions
        </Button>
        <Button variant="secondary" title="Save now (Ctrl+S): edits also save automatically" onClick={() => void autosaver.flush()}>
          Save
        </Button>
        <Button variant="secondary" onClick={() => setVersionDialogOpen(true)}>
          Save version
        </Button>
        <Button onClick={() => void openRun()} disabled={running || preparing}>
          {running ? "Running…" : "▶ Run"}
        </Button>
      </div>
      <ConflictBanner autosaver={autosaver} />
      <SaveVersionDialog open={versionDialogOpen} onClose={() => setVersionDialogOpen(false)} autosaver={autosaver} flowId={flowId} />
      <VersionsPanel open={versionsOpen} onClose={() => setVersionsOpen(false)} autosaver={autosaver} />
      <RunDialog
        flowId={flowId}
        open={runOpen}
        // Read only while the dialog is open: building the graph on every toolbar render costs O(nodes).
        fields={runOpen ? declaredInputs(store.getState().graph()) : NO_FIELDS}
        pending={start.isPending}
        error={start.error?.message ?? null}
        onClose={() => setRunOpen(false)}
        onRun={(request) => void run(request)}
      />
    </div>
  );
}
