"use client";

import { findModel, MODELS } from "@/lib/models/registry";
import { CredentialPicker } from "./credential-picker";
import { ExecutionFields } from "./execution-fields";
import { FieldGroup, NumberInput, SelectInput, TemplateInput, TextAreaInput, TextInput } from "./form-kit";
import type { InspectorFormProps } from "./form-types";

export function AgentForm({ node, update }: InspectorFormProps<"agent">) {
  const { data } = node;
  const model = findModel(data.model);
  const fallback = data.fallbackModel ? findModel(data.fallbackModel) : undefined;
  const simulator = data.simulator;
  const setSimulator = (patch: Partial<typeof simulator>) => update({ ...data, simulator: { ...simulator, ...patch } });
  return (
    <div className="space-y-3">
      <TextInput path="label" value={data.label} onChange={(label) => update({ ...data, label })} />
      <SelectInput path="model" value={data.model} onChange={(model) => update({ ...data, model })}>
        {model ? null : <option value={data.model}>{data.model || "Pick a model"}</option>}
        {MODELS.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label} — ${m.inputUsdPerMTok}/${m.outputUsdPerMTok} per M tokens
          </option>
        ))}
      </SelectInput>
      {model && model.provider !== "simulator" ? <CredentialPicker path="credentialId" provider={model.provider} value={data.credentialId} onChange={(credentialId) => update({ ...data, credentialId })} /> : null}
      {model?.provider === "openai-compatible" ? (
        <TextInput path="customModel" placeholder="e.g. llama3.1:8b" value={data.customModel} onChange={(customModel) => update({ ...data, customModel })} />
      ) : null}
      <TemplateInput path="systemPrompt" rows={3} value={data.systemPrompt} onChange={(systemPrompt) => update({ ...data, systemPrompt })} />
      <TemplateInput path="userPrompt" rows={4} value={data.userPrompt} onChange={(userPrompt) => update({ ...data, userPrompt })} />
      <SelectInput path="outputFormat" value={data.outputFormat} onChange={(v) => update({ ...data, outputFormat: v === "json" ? "json" : "text" })}>
        <option value="text">Text</option>
        <option value="json">JSON matching a schema</option>
      </SelectInput>
      {data.outputFormat === "json" ? (
        <TextAreaInput
          path="outputSchema"
          rows={5}
          placeholder='{"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]}'
          value={data.outputSchema}
          onChange={(outputSchema) => update({ ...data, outputSchema })}
        />
      ) : null}
      <div className="grid grid-cols-2 items-start gap-2">
        <NumberInput path="temperature" step={0.1} value={data.temperature} onChange={(temperature) => update({ ...data, temperature: temperature ?? data.temperature })} />
        <NumberInput path="maxTokens" value={data.maxTokens} onChange={(maxTokens) => update({ ...data, maxTokens: maxTokens ?? data.maxTokens })} />
      </div>
      {model?.provider === "simulator" ? (
        <FieldGroup legend="Simulator" tone="violet">
          <NumberInput path="simulator.latencyMs" value={simulator.latencyMs} onChange={(latencyMs) => setSimulator({ latencyMs: latencyMs ?? simulator.latencyMs })} />
          <NumberInput path="simulator.outputTokens" optional value={simulator.outputTokens} onChange={(outputTokens) => setSimulator({ outputTokens })} />
          <TextInput path="simulator.failWith" value={simulator.failWith} onChange={(failWith) => setSimulator({ failWith })} />
          <NumberInput path="simulator.failureRate" step={0.05} value={simulator.failureRate} onChange={(failureRate) => setSimulator({ failureRate: failureRate ?? simulator.failureRate })} />
          <div className="grid grid-cols-2 items-start gap-2">
            <NumberInput path="simulator.failFirst" value={simulator.failFirst} onChange={(failFirst) => setSimulator({ failFirst: failFirst ?? simulator.failFirst })} />
            <SelectInput path="simulator.failKind" value={simulator.failKind} onChange={(v) => setSimulator({ failKind: v as typeof simulator.failKind })}>
              <option value="rate_limit">429 rate limit</option>
              <option value="server_error">5xx server error</option>
              <option value="timeout">timeout</option>
            </SelectInput>
          </div>
        </FieldGroup>
      ) : null}
      <SelectInput path="fallbackModel" value={data.fallbackModel} onChange={(fallbackModel) => update({ ...data, fallbackModel })}>
        <option value="">None</option>
        {MODELS.filter((m) => m.id !== data.model && m.provider !== "openai-compatible").map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
      </SelectInput>
      {fallback && fallback.provider !== "simulator" ? (
        <CredentialPicker path="fallbackCredentialId" provider={fallback.provider} value={data.fallbackCredentialId} onChange={(fallbackCredentialId) => update({ ...data, fallbackCredentialId })} />
      ) : null}
      <ExecutionFields value={data.execution} onChange={(execution) => update({ ...data, execution })} />
    </div>
  );
}
