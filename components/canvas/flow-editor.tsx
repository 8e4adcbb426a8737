"use client";

import { ReactFlowProvider } from "@xyflow/react";
import { useEffect, useMemo, useState } from "react";
import type { FlowGraph } from "@/lib/flow/graph";
import { validateForRun, type FlowProblem } from "@/lib/flow/validate-for-run";
import { Notice } from "@/components/ui/notice";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { createEditorStore, EditorStoreContext, useEditor, useEditorApi } from "./editor-store";
import { EditorToolbar } from "./editor-toolbar";
import { FlowCanvas } from "./flow-canvas";
import { Inspector } from "./inspector/inspector";
import { NodeProblemsContext } from "./nodes/node-problems";
import { Palette } from "./palette";
import { RunBar } from "./run-bar";

interface FlowEditorProps {
  flow: { id: string; name: string; version: number; graph: FlowGraph };
  /** Attach to this run; without it, to the flow's run in progress if there is one. */
  runId: string | null;
}

/** Problems per node, recomputed shortly after the graph stops changing. */
function useLiveProblems(): { byNode: Record<string, string[]>; general: string[] } {
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const graph = useEditor((s) => s.graph);
  const [problems, setProblems] = useState<FlowProblem[]>([]);
  useEffect(() => {
    const timer = setTimeout(() => setProblems(validateForRun(graph())), 150);
    return () => clearTimeout(timer);
  }, [nodes, edges, graph]);
  return useMemo(() => {
    const byNode: Record<string, string[]> = {};
    const general: string[] = [];
    for (const p of problems) {
      if (p.nodeId) (byNode[p.nodeId] ??= []).push(p.message);
      else general.push(p.message);
    }
    return { byNode, general };
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
  const problems = useLiveProblems();
  const [runProblems, setRunProblems] = useState<FlowProblem[]>([]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 5_000);
    return () => clearTimeout(timer);
  }, [notice, setNotice]);

  return (
    <NodeProblemsContext.Provider value={problems.byNode}>
      <div className="flex h-full flex-col">
        <EditorToolbar name={name} onProblems={setRunProblems} />
        {notice || runProblems.length ? (
          <div className="space-y-1 border-b border-slate-200 bg-slate-50 px-4 py-2">
            {notice ? <Notice tone="error">{notice}</Notice> : null}
            {runProblems.length ? (
              <Notice tone="error">
                <p className="font-medium">Fix these before running:</p>
                <ul className="list-disc pl-5">
                  {runProblems.map((p, i) => (
                    <li key={i}>{p.nodeId ? `${p.nodeId}: ${p.message}` : p.message}</li>
                  ))}
                </ul>
              </Notice>
            ) : null}
          </div>
        ) : null}
        <div className="flex min-h-0 flex-1">
          <aside className="w-56 shrink-0 overflow-y-auto border-r border-slate-200 bg-slate-50 p-3">
            <Palette />
          </aside>
          <main className="min-w-0 flex-1">
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
    const created = createEditorStore(flow.id, flow.version, flow.graph);
    if (runId) created.getState().watchRun(runId);
    return created;
  });
  return (
    <EditorStoreContext.Provider value={store}>
      <ReactFlowProvider>
        {runId ? null : <AttachToActiveRun flowId={flow.id} />}
        <EditorLayout name={flow.name} />
      </ReactFlowProvider>
    </EditorStoreContext.Provider>
  );
}
