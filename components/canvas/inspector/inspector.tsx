"use client";

import { useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { friendlyIssue, issuePath } from "@/lib/flow/friendly-issues";
import { definitionOf } from "@/lib/flow/catalogue";
import { nodeDefinitions } from "@/lib/flow/node-types/index";
import { referenceScope, type ReferenceScope } from "@/lib/flow/reference-scope";
import { Button } from "@/components/ui/button";
import { useEditor, useEditorApi, type EditorState } from "../editor-store";
import type { CanvasNode } from "../graph-convert";
import { useNodeProblems } from "../nodes/node-problems";
import { fieldMeta } from "./field-meta";
import { NodeFormContext, type NodeFormContextValue } from "./form-kit";
import { nodeForms } from "./forms";
import { NodeRunPanel } from "./node-run-panel";

/**
 * Everything references depend on (ids, labels, input field names, edges) as one string, so the
 * inspector re-derives its scope when that changes and not on every drag.
 */
function scopeKey(s: EditorState): string {
  const parts: string[] = [];
  for (const n of s.nodes) {
    parts.push(`${n.id}\u0001${n.type}\u0001${(n.data as { label?: string }).label ?? ""}`);
    for (const f of definitionOf(n.type).runInputs?.(n.data) ?? []) parts.push(`\u0002${f.name}\u0001${f.label}`);
  }
  for (const e of s.edges) parts.push(`\u0003${e.source}\u0001${e.sourceHandle ?? ""}\u0001${e.target}`);
  return parts.join("\u0000");
}

function useReferenceScope(nodeId: string): ReferenceScope {
  const store = useEditorApi();
  const key = useEditor(scopeKey);
  return useMemo(() => {
    void key;
    return referenceScope(store.getState().graph(), nodeId);
  }, [key, nodeId, store]);
}

function NodeInspector({ node }: { node: CanvasNode }) {
  const updateNodeData = useEditor((s) => s.updateNodeData);
  const removeNode = useEditor((s) => s.removeNode);
  const scope = useReferenceScope(node.id);
  const problems = useNodeProblems(node.id);
  const definition = nodeDefinitions[node.type];
  const Form = nodeForms[node.type];

  const { context, unplaced, otherProblems } = useMemo(() => {
    const parsed = definition.dataSchema.safeParse(node.data);
    const errors = new Map<string, string>();
    const unplaced: string[] = [];
    for (const issue of parsed.success ? [] : parsed.error.issues) {
      const path = issuePath(issue);
      const message = friendlyIssue(issue, node.data);
      // Issues of a field the form shows appear next to it; any other is listed below the form.
      if (fieldMeta(node.type, path)) {
        if (!errors.has(path)) errors.set(path, message);
      } else unplaced.push(path ? `${path}: ${message}` : message);
    }
    // Reference problems are flagged under their template field; the rest are listed here.
    const templateFields = Object.keys(definitionOf(node.type).templates(node.data));
    const otherProblems = (problems ?? []).filter((p) => !templateFields.some((field) => p.startsWith(`${field}: `)));
    const context: NodeFormContextValue = { nodeId: node.id, nodeType: node.type, errors, scope };
    return { context, unplaced, otherProblems };
  }, [definition, node.id, node.type, node.data, problems, scope]);

  return (
    <div className="space-y-4" data-testid="inspector-node" data-node-id={node.id}>
      <div className="flex items-start gap-2.5">
        <span aria-hidden className="mt-0.5 flex h-8 w-8 shrink-0 items-center justify-center rounded-md bg-indigo-50 text-base text-indigo-700">
          {definition.icon}
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="text-sm font-semibold">{definition.title}</h2>
          <p className="text-xs text-slate-500">
            id <code className="rounded bg-slate-100 px-1">{node.id}</code> · {definition.description}
          </p>
        </div>
        <Button variant="ghost" onClick={() => removeNode(node.id)} aria-label="Delete node">
          Delete
        </Button>
      </div>
      <NodeRunPanel nodeId={node.id} />
      {otherProblems.length ? (
        <ul className="space-y-1 rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-800" aria-label="Problems">
          {otherProblems.map((p) => (
            <li key={p} className="flex gap-1">
              <span aria-hidden>⚠</span>
              {p}
            </li>
          ))}
        </ul>
      ) : null}
      <NodeFormContext.Provider value={context}>
        <Form key={node.id} node={node as never} update={(data) => updateNodeData(node.id, data)} />
      </NodeFormContext.Provider>
      {unplaced.length ? (
        <ul className="space-y-1 text-xs text-red-700" aria-label="Settings errors">
          {unplaced.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The one selected node's id and settings: unchanged while it is dragged, so the form does not re-render. */
function SelectedNodeInspector({ id }: { id: string }) {
  const type = useEditor((s) => s.nodes.find((n) => n.id === id)?.type);
  const data = useEditor((s) => s.nodes.find((n) => n.id === id)?.data);
  const node = useMemo(() => (type && data ? ({ id, type, data, position: { x: 0, y: 0 } } as CanvasNode) : null), [id, type, data]);
  return node ? <NodeInspector node={node} /> : null;
}

export function Inspector() {
  const selection = useEditor(
    useShallow((s) => {
      let count = 0;
      let id: string | null = null;
      for (const n of s.nodes) {
        if (!n.selected) continue;
        count += 1;
        id = n.id;
      }
      return { count, id: count === 1 ? id : null };
    }),
  );
  if (selection.id) return <SelectedNodeInspector id={selection.id} />;
  return (
    <div className="text-sm text-slate-500">
      {selection.count > 1 ? `${selection.count} nodes selected.` : "Select a node to edit its settings."}
    </div>
  );
}
