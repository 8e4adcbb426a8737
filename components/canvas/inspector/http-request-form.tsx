"use client";

import { HTTP_METHODS, type HttpRequestData } from "@/lib/flow/node-types/http-request";
import { Button } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/text-field";
import { ExecutionFields } from "./execution-fields";
import type { InspectorFormProps } from "./form-types";

export function HttpRequestForm({ node, update, references }: InspectorFormProps<"http_request">) {
  const { data } = node;
  const setHeader = (index: number, patch: Partial<HttpRequestData["headers"][number]>) =>
    update({ ...data, headers: data.headers.map((h, i) => (i === index ? { ...h, ...patch } : h)) });
  return (
    <div className="space-y-3">
      <TextField label="Label" value={data.label} maxLength={100} onChange={(e) => update({ ...data, label: e.target.value })} />
      <div className="grid grid-cols-[6rem_1fr] gap-2">
        <div className="space-y-1">
          <label htmlFor={`${node.id}-method`} className="block text-xs font-medium text-slate-700">
            Method
          </label>
          <select
            id={`${node.id}-method`}
            value={data.method}
            onChange={(e) => update({ ...data, method: e.target.value as HttpRequestData["method"] })}
            className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
          >
            {HTTP_METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </div>
        <TextField label="URL" value={data.url} onChange={(e) => update({ ...data, url: e.target.value })} />
      </div>
      {data.headers.map((header, i) => (
        <div key={i} className="grid grid-cols-[1fr_1fr_auto] items-end gap-1">
          <TextField label="Header" value={header.name} onChange={(e) => setHeader(i, { name: e.target.value })} />
          <TextField label="Value" value={header.value} onChange={(e) => setHeader(i, { value: e.target.value })} />
          <Button variant="ghost" aria-label={`Remove header ${header.name}`} onClick={() => update({ ...data, headers: data.headers.filter((_, j) => j !== i) })}>
            ✕
          </Button>
        </div>
      ))}
      <Button variant="secondary" onClick={() => update({ ...data, headers: [...data.headers, { name: "", value: "" }] })}>
        Add header
      </Button>
      {data.method === "GET" || data.method === "DELETE" ? null : (
        <TextAreaField label="Body" rows={5} value={data.body} onChange={(e) => update({ ...data, body: e.target.value })} />
      )}
      {references.length ? <p className="text-xs text-slate-500">Available: {references.map((r) => `{{${r}}}`).join(" ")}</p> : null}
      <p className="text-xs text-slate-500">Every request carries an Idempotency-Key header that stays the same when the node is retried.</p>
      <ExecutionFields value={data.execution} onChange={(execution) => update({ ...data, execution })} />
    </div>
  );
}
