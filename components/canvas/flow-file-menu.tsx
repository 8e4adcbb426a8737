"use client";

import { useReactFlow } from "@xyflow/react";
import { useEffect, useId, useState, type DragEvent } from "react";
import { MAX_GRAPH_BYTES } from "@/lib/flow/graph";
import { flowFileName, importSummary, parseFlowImport, toFlowFile, type ImportResult } from "@/lib/flow/import-graph";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { downloadJson } from "@/components/ui/download";
import { useEditorRequest } from "./commands/editor-events";
import { useEditorApi } from "./editor-store";

type ImportFailure = Extract<ImportResult, { ok: false }> & { source: string };

/** One problem line, its path (e.g. nodes.3.data.model) set in code type. */
function ProblemLine({ line }: { line: string }) {
  const split = /^([\w.]+): (.*)$/s.exec(line);
  if (!split) return <li>{line}</li>;
  return (
    <li>
      <code className="rounded bg-white/70 px-1 font-mono text-[11px] text-red-900">{split[1]}</code> {split[2]}
    </li>
  );
}

function ImportReport({ failure }: { failure: ImportFailure }) {
  return (
    <div role="alert" data-testid="import-report" className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      <p className="font-semibold">
        Nothing was changed. {failure.title}
        {failure.source ? <span className="font-normal"> ({failure.source})</span> : null}:
      </p>
      <ul className="max-h-40 list-disc space-y-0.5 overflow-y-auto pl-5 text-xs">
        {failure.problems.map((line, i) => (
          <ProblemLine key={i} line={line} />
        ))}
      </ul>
      {failure.excerpt ? (
        <pre aria-label={`Line ${failure.excerpt.line}`} className="overflow-x-auto rounded border border-red-100 bg-white p-2 font-mono text-xs leading-snug text-slate-800">
          {failure.excerpt.text}
          {"\n"}
          <span className="text-red-600">{" ".repeat(Math.max(0, failure.excerpt.column - 1))}^</span>
        </pre>
      ) : null}
    </div>
  );
}

/**
 * Export (downloads `<flow name>.json`) and Import (a file, dropped or chosen, or pasted JSON).
 * A broken import changes nothing and says what is wrong where; a good one replaces the canvas as
 * one undoable step.
 */
export function FlowFileMenu({ name }: { name: string }) {
  const store = useEditorApi();
  const { fitView } = useReactFlow();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [failure, setFailure] = useState<ImportFailure | null>(null);
  const [imported, setImported] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const pasteId = useId();

  useEffect(() => {
    if (!imported) return;
    const timer = setTimeout(() => setImported(null), 8_000);
    return () => clearTimeout(timer);
  }, [imported]);

  const exportFlow = () => downloadJson(flowFileName(name), toFlowFile(name, store.getState().graph()));
  // The command palette's "Export flow as JSON" and "Import flow from JSON…".
  useEditorRequest("export", exportFlow);
  useEditorRequest("import", () => setOpen(true));

  function close() {
    setOpen(false);
    setFailure(null);
    setDragging(false);
  }

  function importText(source: string, content: string) {
    const result = parseFlowImport(content);
    if (!result.ok) {
      setFailure({ ...result, source });
      return;
    }
    store.getState().replaceGraph(result.graph);
    setText("");
    close();
    setImported(importSummary(result));
    void fitView({ padding: 0.2, maxZoom: 1, duration: 300 });
  }

  async function importFile(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_GRAPH_BYTES) {
      setFailure({ ok: false, source: file.name, title: "This file is too large", problems: [`It is ${(file.size / 1e6).toFixed(1)} MB; a flow can be at most ${MAX_GRAPH_BYTES / 1e6} MB`] });
      return;
    }
    importText(file.name, await file.text());
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    void importFile(event.dataTransfer.files[0]);
  }

  return (
    <div className="flex items-center gap-2">
      <Button variant="secondary" onClick={() => setOpen(true)} title="Replace the canvas with a flow from a JSON file">
        Import…
      </Button>
      <Button variant="secondary" onClick={exportFlow} title={`Download this flow as ${flowFileName(name)}`}>
        Export
      </Button>

      <Dialog open={open} title="Import a flow" onClose={close}>
        <p className="text-sm text-slate-600">
          Replaces what is on the canvas with a flow from JSON: a file exported from Orchestra, or a bare graph. You can undo it with Ctrl+Z.
        </p>
        <label
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          className={`flex cursor-pointer flex-col items-center gap-1 rounded-md border-2 border-dashed px-3 py-4 text-center text-sm transition-colors focus-within:border-indigo-500 ${
            dragging ? "border-indigo-500 bg-indigo-50" : "border-slate-300 hover:border-indigo-300 hover:bg-slate-50"
          }`}
        >
          <span className="font-medium text-indigo-700">Choose a .json file</span>
          <span className="text-xs text-slate-500">or drop it here</span>
          <input
            type="file"
            accept="application/json,.json"
            aria-label="Flow file"
            className="sr-only"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = "";
              void importFile(file);
            }}
          />
        </label>
        <div className="space-y-1">
          <label htmlFor={pasteId} className="block text-xs font-medium text-slate-700">
            Or paste the JSON
          </label>
          <textarea
            id={pasteId}
            rows={6}
            value={text}
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
            placeholder='{ "schemaVersion": 1, "nodes": [ … ], "edges": [ … ] }'
            className="w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 font-mono text-xs shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
          />
        </div>
        {failure ? <ImportReport failure={failure} /> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button onClick={() => importText("pasted", text)} disabled={!text.trim()}>
            Import pasted JSON
          </Button>
        </div>
      </Dialog>

      {imported ? (
        <div role="status" className="fixed bottom-16 left-1/2 z-50 flex -translate-x-1/2 items-center gap-3 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 shadow-lg">
          <span>
            <span aria-hidden className="mr-1 text-emerald-600">
              ✓
            </span>
            {imported}
          </span>
          <button
            type="button"
            onClick={() => {
              store.getState().undo();
              setImported(null);
            }}
            className="rounded px-1.5 py-0.5 font-medium text-emerald-800 underline-offset-2 hover:underline"
          >
            Undo
          </button>
          <button type="button" aria-label="Dismiss" onClick={() => setImported(null)} className="px-1 leading-none text-emerald-700 hover:text-emerald-900">
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}
