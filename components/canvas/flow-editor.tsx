"use client";

import { ReactFlowProvider } from "@xyflow/react";
import { useEffect, useMemo, useState } from "react";
import type { FlowGraph } from "@/lib/flow/graph";
import type { FlowProblem } from "@/lib/flow/validate-for-run";
import { Notice } from "@/components/ui/notice";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { createEditorStore, EditorStoreContext, useEditor, useEditorApi } from "./editor-store";
import { EditorCommandLayer } from "./commands/editor-command-layer";
import { EditorToolbar } from "./editor-toolbar";
import { FlowCanvas } from "./flow-canvas";
import { FlowFileMenu } from "./flow-file-menu";
import { Inspector } from "./inspector/inspector";
import { NodeProblemsContext } from "./nodes/node-problems";
import { Palette } from "./palette";
import { RunBar } from "./run-bar";
import { ProblemsButton, useFlowProblems, useProblemsPanel, ValidationPanel } from "./validation-panel";

interface FlowEditorProps {
  flow: { id: string; name: string; version: number; revision: number; graph: FlowGraph };
  /** Attach to this run; without it, to the flow's run in progress if there is one. */
  runId: string | null;
}

/** Problems per node for the node cards' red markers, from one validation pass. */
function useProblemsByNode(problems: readonly FlowProblem[]): Record<string, string[]> {
  return useMemo(() => {
    const byNode: Record<string, string[]> = {};
    for (const p of problems) if (p.nodeId) (byNode[p.nodeId] ??= []).push(p.message);
    return byNode;
  }, [problems]);
}

/** An editor opened while the flow runs (a reload, another browser) shows that run. */
function AttachToActiveRun({ flowId }: { flowId: string }) {
  const trpc = useTRPC();
  const store = useEditorApi();
  const active = useQuery({ ...trpc.run.activeForFlow.queryOptions({ flowId }), staleTime: Infinity, refetchOnWindowFocus: false });
  const runId = active.data?.runId;
  useEffect(() => {
    if (runId && !store.getState().run) store.getState().watchRun(runId);
  }, [runId, store]);
  return null;
}

function EditorLayout({ name }: { name: string }) {
  const notice = useEditor((s) => s.notice);
  const setNotice = useEditor((s) => s.setNotice);
  const problems = useFlowProblems();
  const byNode = useProblemsByNode(problems);
  const panel = useProblemsPanel();

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 5_000);
    return () => clearTimeout(timer);
  }, [notice, setNotice]);

  return (
    <NodeProblemsContext.Provider value={byNode}>
      <div className="flex h-full flex-col">
        <EditorToolbar
          name={name}
          onProblems={panel.showForRun}
          extra={
            <>
              <ProblemsButton count={problems.length} open={!!panel.reason} onToggle={panel.toggle} />
              <FlowFileMenu name={name} />
            </>
          }
        />
        {panel.reason ? <ValidationPanel problems={problems} reason={panel.reason} onClose={panel.close} /> : null}
        <div className="flex min-h-0 flex-1">
          <aside className="w-56 shrink-0 overflow-y-auto border-r border-slate-200 bg-slate-50 p-3">
            <Palette />
          </aside>
          <main className="relative min-w-0 flex-1">
            {/* Over the canvas, not above it: a notice must not move what is being dragged. */}
            {notice ? (
              <div className="absolute inset-x-4 top-3 z-10 shadow-md">
                <Notice tone="error">{notice}</Notice>
              </div>
            ) : null}
            <FlowCanvas />
          </main>
          <aside aria-label="Inspector" className="w-80 shrink-0 overflow-y-auto border-l border-slate-200 bg-white p-4">
            <Inspector />
          </aside>
        </div>
        <RunBar />
      </div>
    </NodeProblemsContext.Provider>
  );
}

export function FlowEditor({ flow, runId }: FlowEditorProps) {
  const [store] = useState(() => {
    const created = createEditorStore({ flowId: flow.id, version: flow.version, revision: flow.revision, graph: flow.graph });
    if (runId) created.getState().watchRun(runId);
    return created;
  });
  return (
    <EditorStoreContext.Provider value={store}>
      <ReactFlowProvider>
        {runId ? null : <AttachToActiveRun flowId={flow.id} />}
        <EditorLayout name={flow.name} />
        <EditorCommandLayer />
      </ReactFlowProvider>
    </EditorStoreContext.Provider>
  );
}
