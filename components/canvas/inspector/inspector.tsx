"use client";

import type { ComponentType } from "react";
import { useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { ancestors } from "@/lib/flow/graph-walk";
import { nodeDefinitions, type NodeType } from "@/lib/flow/node-types/index";
import { Button } from "@/components/ui/button";
import { useEditor } from "../editor-store";
import type { CanvasNode } from "../graph-convert";
import { useNodeProblems } from "../nodes/node-problems";
import { AgentForm } from "./agent-form";
import { ConditionForm } from "./condition-form";
import { HttpRequestForm } from "./http-request-form";
import type { InspectorFormProps } from "./form-types";
import { InputForm } from "./input-form";
import { MapForm } from "./map-form";
import { NodeRunPanel } from "./node-run-panel";
import { OutputForm } from "./output-form";
import { RouterForm } from "./router-form";
import { SubflowForm } from "./subflow-form";
import { ApprovalForm, CalculatorForm, CodeForm, DelayForm, MergeForm, PromptTemplateForm } from "./simple-forms";

type InspectorForms = { [K in NodeType]: ComponentType<InspectorFormProps<K>> };
const forms: InspectorForms = {
  input: InputForm,
  agent: AgentForm,
  prompt_template: PromptTemplateForm,
  condition: ConditionForm,
  router: RouterForm,
  merge: MergeForm,
  delay: DelayForm,
  calculator: CalculatorForm,
  http_request: HttpRequestForm,
  approval: ApprovalForm,
  subflow: SubflowForm,
  map: MapForm,
  code: CodeForm,
  output: OutputForm,
};

function useReferences(nodeId: string): string[] {
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  return useMemo(() => {
    const graphEdges = edges.map((e) => ({ ...e, sourceHandle: e.sourceHandle ?? "", targetHandle: e.targetHandle ?? "" }));
    const inputs = nodes.flatMap((n) => (n.type === "input" ? n.data.fields.map((f) => `input.${f.name}`) : []));
    const upstream = [...ancestors(graphEdges, nodeId)].sort().map((id) => `${id}.output`);
    return [...inputs, ...upstream];
  }, [nodes, edges, nodeId]);
}

function NodeInspector({ node }: { node: CanvasNode }) {
  const updateNodeData = useEditor((s) => s.updateNodeData);
  const removeNode = useEditor((s) => s.removeNode);
  const references = useReferences(node.id);
  const problems = useNodeProblems(node.id);
  const definition = nodeDefinitions[node.type];
  const parsed = definition.dataSchema.safeParse(node.data);
  const Form = forms[node.type] as ComponentType<InspectorFormProps<NodeType>>;
  return (
    <div className="space-y-4">
      <div className="flex items-start justify-between">
        <div>
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
      <Form node={node as never} update={(data) => updateNodeData(node.id, data)} references={references} />
      {!parsed.success ? (
        <ul className="space-y-1 text-xs text-red-700" aria-label="Settings errors">
          {parsed.error.issues.map((issue, i) => (
            <li key={i}>
              {issue.path.join(".")}: {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
      {problems?.length ? (
        <ul className="space-y-1 rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-800" aria-label="Problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Inspector() {
  const selected = useEditor(useShallow((s) => s.nodes.filter((n) => n.selected)));
  if (selected.length === 1 && selected[0]) return <NodeInspector node={selected[0]} />;
  return (
    <div className="text-sm text-slate-500">
      {selected.length > 1 ? `${selected.length} nodes selected.` : "Select a node to edit its settings."}
    </div>
  );
}
