"use client";

import { MODELS, findModel } from "@/lib/models/registry";
import type { RouterData } from "@/lib/flow/node-types/router";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { TextAreaField, TextField } from "@/components/ui/text-field";
import { CredentialPicker } from "./credential-picker";
import type { InspectorFormProps } from "./form-types";

export function RouterForm({ node, update, references }: InspectorFormProps<"router">) {
  const { data } = node;
  const model = findModel(data.model);
  const setRoute = (index: number, patch: Partial<RouterData["routes"][number]>) => update({ ...data, routes: data.routes.map((r, i) => (i === index ? { ...r, ...patch } : r)) });
  return (
    <div className="space-y-3">
      <TextField label="Label" value={data.label} maxLength={100} onChange={(e) => update({ ...data, label: e.target.value })} />
      <SelectField label="Model" value={data.model} onChange={(e) => update({ ...data, model: e.target.value })}>
        {MODELS.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
      </SelectField>
      {model && model.provider !== "simulator" ? <CredentialPicker provider={model.provider} value={data.credentialId} onChange={(credentialId) => update({ ...data, credentialId })} /> : null}
      {model?.provider === "openai-compatible" ? (
        <TextField label="Model name on the endpoint" value={data.customModel} onChange={(e) => update({ ...data, customModel: e.target.value })} />
      ) : null}
      <TextAreaField
        label="Text to classify"
        rows={2}
        value={data.text}
        hint={references.length ? `Available: ${references.map((r) => `{{${r}}}`).join(" ")}` : undefined}
        onChange={(e) => update({ ...data, text: e.target.value })}
      />
      <p className="text-xs font-medium text-slate-700">Routes (each is an output port)</p>
      {data.routes.map((route, i) => (
        <div key={i} className="grid grid-cols-[7rem_1fr_auto] items-end gap-1">
          <TextField label="Name" value={route.id} onChange={(e) => setRoute(i, { id: e.target.value })} />
          <TextField label="When" value={route.description} onChange={(e) => setRoute(i, { description: e.target.value })} />
          <Button variant="ghost" aria-label={`Remove route ${route.id}`} disabled={data.routes.length <= 2} onClick={() => update({ ...data, routes: data.routes.filter((_, j) => j !== i) })}>
            ✕
          </Button>
        </div>
      ))}
      <Button variant="secondary" disabled={data.routes.length >= 12} onClick={() => update({ ...data, routes: [...data.routes, { id: `route_${data.routes.length + 1}`, description: "" }] })}>
        Add route
      </Button>
    </div>
  );
}
