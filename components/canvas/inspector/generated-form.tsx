"use client";

import { Fragment } from "react";
import { definitionOf } from "@/lib/flow/catalogue";
import { isField, valueAt, withValueAt, type FieldSpec, type FormItem } from "@/lib/flow/field-spec";
import type { NodeType } from "@/lib/flow/node-types/index";
import { Button } from "@/components/ui/button";
import { CredentialPicker } from "./credential-picker";
import { FlowSelect } from "./flow-select";
import { CheckboxInput, FieldGroup, ListField, NumberInput, SelectInput, TemplateInput, TextAreaInput, TextInput, useNodeForm } from "./form-kit";
import type { InspectorFormProps } from "./form-types";

type Data = Record<string, unknown>;
type Item = FormItem<Data>;

interface LevelProps {
  items: readonly Item[];
  /** The object the items' paths are relative to (the node's data, or one list item). */
  data: Data;
  /** Prefix of the items' paths in the node's data ("rules.2."). */
  prefix: string;
  set: (path: string, value: unknown) => void;
}

const shown = (item: Item, data: Data) => !("when" in item && item.when) || item.when(data);

/** Help for code: the names the code sees, then the field's own help. */
function CodeHelp({ field }: { field: Extract<FieldSpec<Data>, { widget: "code" }> }) {
  const { scope } = useNodeForm();
  const upstream = scope.options.filter((o) => o.kind === "node").map((o) => `${field.upstreamAs}.${o.ref}`);
  const names = [...field.scope, ...upstream];
  return (
    <>
      In scope:{" "}
      {names.map((name, i) => (
        <Fragment key={name}>
          {i > 0 ? ", " : null}
          <code className="rounded bg-slate-100 px-0.5 font-mono">{name}</code>
        </Fragment>
      ))}
      . {field.help}
    </>
  );
}

function ListWidget({ field, path, value, data, set }: { field: Extract<FieldSpec<Data>, { widget: "list" }>; path: string; value: unknown; data: Data; set: LevelProps["set"] }) {
  const list = Array.isArray(value) ? (value as Data[]) : [];
  const noun = field.itemLabel.toLowerCase();
  return (
    <ListField path={path}>
      {list.map((item, i) => (
        <FieldGroup key={i} legend={field.legend ? `${field.itemLabel} ${i + 1}` : undefined} aria-label={`${field.itemLabel} ${i + 1}`}>
          {field.columns ? (
            <div className="grid items-start gap-2" style={{ gridTemplateColumns: field.columns }}>
              <Level items={field.item} data={item} prefix={`${path}.${i}.`} set={set} />
            </div>
          ) : (
            <Level items={field.item} data={item} prefix={`${path}.${i}.`} set={set} />
          )}
          <div className="flex justify-end">
            <Button
              variant="ghost"
              aria-label={`Remove ${noun} ${field.itemName?.(item, i) ?? i + 1}`}
              disabled={list.length <= (field.minItems ?? 0)}
              onClick={() => set(path, list.filter((_, j) => j !== i))}
            >
              Remove
            </Button>
          </div>
        </FieldGroup>
      ))}
      <Button variant="secondary" disabled={field.maxItems !== undefined && list.length >= field.maxItems} onClick={() => set(path, [...list, field.newItem(data, list.length)])}>
        {field.addLabel}
      </Button>
    </ListField>
  );
}

function Field({ field, data, prefix, set }: { field: FieldSpec<Data> } & Omit<LevelProps, "items">) {
  const path = `${prefix}${field.path}`;
  const value = valueAt(data, field.path);
  const text = typeof value === "string" ? value : "";
  const onText = (v: string) => set(path, v);
  switch (field.widget) {
    case "text":
      return <TextInput path={path} value={text} placeholder={field.placeholder} onChange={onText} />;
    case "textarea":
      return <TextAreaInput path={path} rows={field.rows} placeholder={field.placeholder} value={text} onChange={onText} />;
    case "code":
      return <TextAreaInput path={path} rows={field.rows} value={text} onChange={onText} help={<CodeHelp field={field} />} />;
    case "template":
      return <TemplateInput path={path} rows={field.rows} singleLine={field.singleLine} placeholder={field.placeholder} value={text} onChange={onText} />;
    case "number": {
      const current = typeof value === "number" ? value : undefined;
      return (
        <NumberInput
          path={path}
          scale={field.scale}
          step={field.step}
          optional={field.optional}
          value={current}
          onChange={(n) => set(path, field.optional ? n : (n ?? current))}
        />
      );
    }
    case "select":
      return (
        <SelectInput path={path} value={text} onChange={onText}>
          {field.options(data).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </SelectInput>
      );
    case "checkbox":
      return (
        <CheckboxInput
          path={path}
          checked={field.on === undefined ? value === true : value === field.on}
          onChange={(checked) => set(path, field.on === undefined ? checked : checked ? field.on : field.off)}
        />
      );
    case "credential":
      return <CredentialPicker path={path} provider={field.provider(data)} value={text} onChange={onText} help={field.help} />;
    case "flow":
      return <FlowSelect path={path} value={text} onChange={onText} />;
    case "list":
      return <ListWidget field={field} path={path} value={value} data={data} set={set} />;
  }
}

function Level({ items, data, prefix, set }: LevelProps) {
  return items
    .filter((item) => shown(item, data))
    .map((item, i) => {
      if (isField(item)) return <Field key={item.path} field={item} data={data} prefix={prefix} set={set} />;
      if (item.layout === "note")
        return (
          <p key={`note-${i}`} className="text-[11px] leading-snug text-slate-500">
            {item.text}
          </p>
        );
      if (item.layout === "row")
        return (
          <div key={`row-${i}`} className="grid grid-cols-2 items-start gap-2">
            <Level items={item.fields} data={data} prefix={prefix} set={set} />
          </div>
        );
      return (
        <FieldGroup key={`section-${i}`} legend={item.legend} tone={item.tone}>
          <Level items={item.fields} data={data} prefix={prefix} set={set} />
        </FieldGroup>
      );
    });
}

/** A node type's settings form, generated from its catalogue entry's `fields`. */
export function GeneratedForm({ node, update }: InspectorFormProps<NodeType>) {
  const data = node.data as Data;
  const definition = definitionOf(node.type);
  const items = definition.fields as unknown as readonly Item[];
  const warnings = (definition.warnings as ((d: Data) => string[]) | undefined)?.(data) ?? [];
  const set = (path: string, value: unknown) => update(withValueAt(data, path, value) as never);
  return (
    <div className="space-y-3">
      {warnings.map((warning) => (
        <p key={warning} role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-[11px] leading-snug text-amber-800">
          {warning}
        </p>
      ))}
      <Level items={items} data={data} prefix="" set={set} />
    </div>
  );
}
