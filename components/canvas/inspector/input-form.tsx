"use client";

import type { InputField } from "@/lib/flow/node-types/input";
import { Button } from "@/components/ui/button";
import { CheckboxInput, FieldGroup, ListField, TextInput } from "./form-kit";
import type { InspectorFormProps } from "./form-types";

export function InputForm({ node, update }: InspectorFormProps<"input">) {
  const { data } = node;
  const setField = (index: number, patch: Partial<InputField>) => update({ ...data, fields: data.fields.map((f, i) => (i === index ? { ...f, ...patch } : f)) });
  return (
    <div className="space-y-3">
      <TextInput path="label" value={data.label} onChange={(label) => update({ ...data, label })} />
      <ListField path="fields">
        {data.fields.map((field, i) => (
          <FieldGroup key={i} aria-label={`Input field ${i + 1}`}>
            <TextInput path={`fields.${i}.name`} value={field.name} onChange={(name) => setField(i, { name })} />
            <TextInput path={`fields.${i}.label`} value={field.label} onChange={(label) => setField(i, { label })} />
            <TextInput path={`fields.${i}.defaultValue`} value={field.defaultValue} onChange={(defaultValue) => setField(i, { defaultValue })} />
            <div className="flex items-start justify-between gap-2">
              <CheckboxInput path={`fields.${i}.required`} checked={field.required} onChange={(required) => setField(i, { required })} />
              <Button variant="ghost" aria-label={`Remove input ${field.name || i + 1}`} onClick={() => update({ ...data, fields: data.fields.filter((_, j) => j !== i) })}>
                Remove
              </Button>
            </div>
          </FieldGroup>
        ))}
        <Button
          variant="secondary"
          onClick={() => update({ ...data, fields: [...data.fields, { name: `field_${data.fields.length + 1}`, label: "", required: false, defaultValue: "" }] })}
        >
          Add input
        </Button>
      </ListField>
    </div>
  );
}
