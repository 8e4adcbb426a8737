"use client";

import { findModel, MODELS } from "@/lib/models/registry";
import { TextAreaField, TextField } from "@/components/ui/text-field";
import { CredentialPicker } from "./credential-picker";
import { ExecutionFields } from "./execution-fields";
import type { InspectorFormProps } from "./form-types";

function numberOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

export function AgentForm({ node, update, references }: InspectorFormProps<"agent">) {
  const { data } = node;
  const model = findModel(data.model);
  const fallback = data.fallbackModel ? findModel(data.fallbackModel) : undefined;
  return (
    <div className="space-y-3">
      <TextField label="Label" value={data.label} maxLength={100} onChange={(e) => update({ ...data, label: e.target.value })} />
      <div className="space-y-1">
        <label htmlFor={`${node.id}-model`} className="block text-xs font-medium text-slate-700">
          Model
        </label>
        <select
          id={`${node.id}-model`}
          value={data.model}
          onChange={(e) => update({ ...data, model: e.target.value })}
          className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
        >
          {MODELS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label} — ${m.inputUsdPerMTok}/${m.outputUsdPerMTok} per M tokens
            </option>
          ))}
        </select>
      </div>
      {model && model.provider !== "simulator" ? <CredentialPicker provider={model.provider} value={data.credentialId} onChange={(credentialId) => update({ ...data, credentialId })} /> : null}
      {model?.provider === "openai-compatible" ? (
        <TextField label="Model name on the endpoint" placeholder="e.g. llama3.1:8b" value={data.customModel} onChange={(e) => update({ ...data, customModel: e.target.value })} />
      ) : null}
      <TextAreaField label="System prompt" value={data.systemPrompt} onChange={(e) => update({ ...data, systemPrompt: e.target.value })} />
      <TextAreaField
        label="User prompt"
        value={data.userPrompt}
        hint={references.length ? `Available: ${references.map((r) => `{{${r}}}`).join(" ")}` : "Connect an Input to reference {{input.name}}"}
        onChange={(e) => update({ ...data, userPrompt: e.target.value })}
      />
      <div className="space-y-1">
        <label htmlFor={`${node.id}-format`} className="block text-xs font-medium text-slate-700">
          Output
        </label>
        <select
          id={`${node.id}-format`}
          value={data.outputFormat}
          onChange={(e) => update({ ...data, outputFormat: e.target.value === "json" ? "json" : "text" })}
          className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
        >
          <option value="text">Text</option>
          <option value="json">JSON matching a schema</option>
        </select>
      </div>
      {data.outputFormat === "json" ? (
        <TextAreaField
          label="Output JSON Schema"
          rows={5}
          placeholder='{"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]}'
          value={data.outputSchema}
          hint="Replies that are not JSON or do not match fail the node (with the reason)."
          onChange={(e) => update({ ...data, outputSchema: e.target.value })}
        />
      ) : null}
      <div className="grid grid-cols-2 gap-2">
        <TextField
          label="Temperature"
          type="number"
          min={0}
          max={2}
          step={0.1}
          value={data.temperature}
          onChange={(e) => update({ ...data, temperature: numberOr(e.target.valueAsNumber, data.temperature) })}
        />
        <TextField
          label="Max tokens"
          type="number"
          min={1}
          max={32000}
          value={data.maxTokens}
          onChange={(e) => update({ ...data, maxTokens: numberOr(e.target.valueAsNumber, data.maxTokens) })}
        />
      </div>
      {model?.provider === "simulator" ? (
        <fieldset className="space-y-2 rounded-md border border-violet-200 bg-violet-50/50 p-2">
          <legend className="px-1 text-xs font-semibold text-violet-800">Simulator</legend>
          <TextField
            label="Latency (ms)"
            type="number"
            min={0}
            max={60000}
            value={data.simulator.latencyMs}
            onChange={(e) => update({ ...data, simulator: { ...data.simulator, latencyMs: numberOr(e.target.valueAsNumber, data.simulator.latencyMs) } })}
          />
          <TextField
            label="Output tokens (empty: from the prompt)"
            type="number"
            min={1}
            max={4000}
            value={data.simulator.outputTokens ?? ""}
            onChange={(e) =>
              update({ ...data, simulator: { ...data.simulator, outputTokens: Number.isFinite(e.target.valueAsNumber) ? e.target.valueAsNumber : undefined } })
            }
          />
          <TextField
            label="Fail with error (empty: succeed)"
            value={data.simulator.failWith}
            onChange={(e) => update({ ...data, simulator: { ...data.simulator, failWith: e.target.value } })}
          />
          <TextField
            label="Failure rate (0–1)"
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={data.simulator.failureRate}
            onChange={(e) => update({ ...data, simulator: { ...data.simulator, failureRate: Math.min(1, Math.max(0, numberOr(e.target.valueAsNumber, data.simulator.failureRate))) } })}
          />
          <div className="grid grid-cols-2 gap-2">
            <TextField
              label="Fail first N tries"
              type="number"
              min={0}
              max={10}
              value={data.simulator.failFirst}
              onChange={(e) => update({ ...data, simulator: { ...data.simulator, failFirst: numberOr(e.target.valueAsNumber, data.simulator.failFirst) } })}
            />
            <div className="space-y-1">
              <label htmlFor={`${node.id}-failkind`} className="block text-xs font-medium text-slate-700">
                …with
              </label>
              <select
                id={`${node.id}-failkind`}
                value={data.simulator.failKind}
                onChange={(e) => update({ ...data, simulator: { ...data.simulator, failKind: e.target.value as typeof data.simulator.failKind } })}
                className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
              >
                <option value="rate_limit">429 rate limit</option>
                <option value="server_error">5xx server error</option>
                <option value="timeout">timeout</option>
              </select>
            </div>
          </div>
        </fieldset>
      ) : null}
      <div className="space-y-1">
        <label htmlFor={`${node.id}-fallback`} className="block text-xs font-medium text-slate-700">
          Fallback model (when this one fails or its circuit is open)
        </label>
        <select
          id={`${node.id}-fallback`}
          value={data.fallbackModel}
          onChange={(e) => update({ ...data, fallbackModel: e.target.value })}
          className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
        >
          <option value="">None</option>
          {MODELS.filter((m) => m.id !== data.model && m.provider !== "openai-compatible").map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      {fallback && fallback.provider !== "simulator" ? (
        <CredentialPicker provider={fallback.provider} value={data.fallbackCredentialId} onChange={(fallbackCredentialId) => update({ ...data, fallbackCredentialId })} />
      ) : null}
      <ExecutionFields value={data.execution} onChange={(execution) => update({ ...data, execution })} />
    </div>
  );
}
