"use client";

import { MODELS, findModel } from "@/lib/models/registry";
import type { RouterData } from "@/lib/flow/node-types/router";
import { Button } from "@/components/ui/button";
import { CredentialPicker } from "./credential-picker";
import { FieldGroup, ListField, SelectInput, TemplateInput, TextInput } from "./form-kit";
import type { InspectorFormProps } from "./form-types";

export function RouterForm({ node, update }: InspectorFormProps<"router">) {
  const { data } = node;
  const model = findModel(data.model);
  const setRoute = (index: number, patch: Partial<RouterData["routes"][number]>) => update({ ...data, routes: data.routes.map((r, i) => (i === index ? { ...r, ...patch } : r)) });
  return (
    <div className="space-y-3">
      <TextInput path="label" value={data.label} onChange={(label) => update({ ...data, label })} />
      <SelectInput path="model" value={data.model} onChange={(m) => update({ ...data, model: m })}>
        {model ? null : <option value={data.model}>{data.model || "Pick a model"}</option>}
        {MODELS.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label}
          </option>
        ))}
      </SelectInput>
      {model && model.provider !== "simulator" ? <CredentialPicker path="credentialId" provider={model.provider} value={data.credentialId} onChange={(credentialId) => update({ ...data, credentialId })} /> : null}
      {model?.provider === "openai-compatible" ? <TextInput path="customModel" value={data.customModel} onChange={(customModel) => update({ ...data, customModel })} /> : null}
      <TemplateInput path="text" rows={2} value={data.text} onChange={(text) => update({ ...data, text })} />
      <ListField path="routes">
        {data.routes.map((route, i) => (
          <FieldGroup key={i} aria-label={`Route ${i + 1}`}>
            <div className="grid grid-cols-[7rem_1fr] items-start gap-2">
              <TextInput path={`routes.${i}.id`} value={route.id} onChange={(id) => setRoute(i, { id })} />
              <TextInput path={`routes.${i}.description`} value={route.description} onChange={(description) => setRoute(i, { description })} />
            </div>
            <div className="flex justify-end">
              <Button variant="ghost" aria-label={`Remove route ${route.id}`} disabled={data.routes.length <= 2} onClick={() => update({ ...data, routes: data.routes.filter((_, j) => j !== i) })}>
                Remove
              </Button>
            </div>
          </FieldGroup>
        ))}
        <Button variant="secondary" disabled={data.routes.length >= 12} onClick={() => update({ ...data, routes: [...data.routes, { id: `route_${data.routes.length + 1}`, description: "" }] })}>
          Add route
        </Button>
      </ListField>
    </div>
  );
}
