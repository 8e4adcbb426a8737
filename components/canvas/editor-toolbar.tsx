"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { declaredInputs, validateForRun, type FlowProblem } from "@/lib/flow/validate-for-run";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { useEditor, useEditorApi } from "./editor-store";
import { RunDialog, type RunRequest } from "./run-dialog";

export function EditorToolbar({ name, onProblems }: { name: string; onProblems: (problems: FlowProblem[]) => void }) {
  const trpc = useTRPC();
  const store = useEditorApi();
  const dirty = useEditor((s) => s.dirty);
  const version = useEditor((s) => s.version);
  const runStatus = useEditor((s) => s.run?.view.status);
  const save = useMutation(trpc.flow.save.mutationOptions());
  const start = useMutation(trpc.run.start.mutationOptions());
  const [runOpen, setRunOpen] = useState(false);

  async function saveNow(): Promise<boolean> {
    const state = store.getState();
    try {
      const saved = await save.mutateAsync({ flowId: state.flowId, graph: state.graph(), baseVersion: state.version });
      state.markSaved(saved.version);
      return true;
    } catch {
      return false;
    }
  }

  async function openRun() {
    if (store.getState().dirty && !(await saveNow())) return;
    const problems = validateForRun(store.getState().graph());
    onProblems(problems);
    if (problems.length === 0) setRunOpen(true);
  }

  async function run(request: RunRequest) {
    const state = store.getState();
    const { runId } = await start.mutateAsync({ flowId: state.flowId, ...request });
    state.watchRun(runId);
    // The address names the run, so a reload or a shared link shows it again.
    window.history.replaceState(null, "", `?run=${encodeURIComponent(runId)}`);
    setRunOpen(false);
  }

  // Leaving with unsaved edits asks first; Ctrl/Cmd-S saves.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        void saveNow();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const saveState = save.isPending ? "Saving…" : save.error ? `Save failed: ${save.error.message}` : dirty ? "Unsaved changes" : version ? `Saved · version ${version}` : "Not saved yet";
  const running = runStatus === "queued" || runStatus === "running";
  return (
    <div className="flex h-12 shrink-0 items-center justify-between gap-3 border-b border-slate-200 bg-white px-4">
      <div className="flex min-w-0 items-center gap-3">
        <h1 className="truncate font-semibold" data-testid="flow-name">
          {name}
        </h1>
        <span className={`text-xs ${save.error ? "text-red-600" : "text-slate-500"}`} data-testid="save-state" role="status">
          {saveState}
        </span>
      </div>
      <div className="flex items-center gap-2">
        <Button variant="secondary" onClick={() => void saveNow()} disabled={save.isPending}>
          Save
        </Button>
        <Button onClick={() => void openRun()} disabled={running || save.isPending}>
          {running ? "Running…" : "▶ Run"}
        </Button>
      </div>
      <RunDialog
        flowId={store.getState().flowId}
        open={runOpen}
        fields={declaredInputs(store.getState().graph())}
        pending={start.isPending}
        error={start.error?.message ?? null}
        onClose={() => setRunOpen(false)}
        onRun={(request) => void run(request)}
      />
    </div>
  );
}
