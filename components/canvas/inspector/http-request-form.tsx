"use client";

import { HTTP_METHODS, httpRequestNode, type HttpRequestData } from "@/lib/flow/node-types/http-request";
import { Button } from "@/components/ui/button";
import { CredentialPicker } from "./credential-picker";
import { ExecutionFields } from "./execution-fields";
import { FieldGroup, ListField, SelectInput, TemplateInput, TextInput } from "./form-kit";
import type { InspectorFormProps } from "./form-types";

export function HttpRequestForm({ node, update }: InspectorFormProps<"http_request">) {
  const { data } = node;
  const setHeader = (index: number, patch: Partial<HttpRequestData["headers"][number]>) =>
    update({ ...data, headers: data.headers.map((h, i) => (i === index ? { ...h, ...patch } : h)) });
  return (
    <div className="space-y-3">
      <TextInput path="label" value={data.label} onChange={(label) => update({ ...data, label })} />
      <SelectInput path="method" value={data.method} onChange={(v) => update({ ...data, method: v as HttpRequestData["method"] })}>
        {HTTP_METHODS.map((m) => (
          <option key={m}>{m}</option>
        ))}
      </SelectInput>
      <TemplateInput path="url" singleLine placeholder="https://api.example.com/items/{{input.id}}" value={data.url} onChange={(url) => update({ ...data, url })} />
      <ListField path="headers">
        {data.headers.map((header, i) => (
          <FieldGroup key={i} aria-label={`Header ${i + 1}`}>
            <TextInput path={`headers.${i}.name`} value={header.name} onChange={(name) => setHeader(i, { name })} />
            <TemplateInput path={`headers.${i}.value`} singleLine value={header.value} onChange={(value) => setHeader(i, { value })} />
            <div className="flex justify-end">
              <Button variant="ghost" aria-label={`Remove header ${header.name || i + 1}`} onClick={() => update({ ...data, headers: data.headers.filter((_, j) => j !== i) })}>
                Remove
              </Button>
            </div>
          </FieldGroup>
        ))}
        <Button variant="secondary" onClick={() => update({ ...data, headers: [...data.headers, { name: "", value: "" }] })}>
          Add header
        </Button>
      </ListField>
      {(httpRequestNode.warnings?.(data) ?? []).map((warning) => (
        <p key={warning} role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-[11px] leading-snug text-amber-800">
          {warning}
        </p>
      ))}
      <CredentialPicker path="credentialId" provider="http" value={data.credentialId} onChange={(credentialId) => update({ ...data, credentialId })} />
      {data.method === "GET" || data.method === "DELETE" ? null : <TemplateInput path="body" rows={5} value={data.body} onChange={(body) => update({ ...data, body })} />}
      <p className="text-[11px] leading-snug text-slate-500">Every request carries an Idempotency-Key header that stays the same when the node is retried.</p>
      <ExecutionFields value={data.execution} onChange={(execution) => update({ ...data, execution })} />
    </div>
  );
}
