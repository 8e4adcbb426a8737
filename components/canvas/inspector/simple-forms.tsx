"use client";

import { Fragment } from "react";
import { NumberInput, SelectInput, TemplateInput, TextAreaInput, TextInput, useNodeForm } from "./form-kit";
import type { InspectorFormProps } from "./form-types";

export function PromptTemplateForm({ node, update }: InspectorFormProps<"prompt_template">) {
  const { data } = node;
  return (
    <div className="space-y-3">
      <TextInput path="label" value={data.label} onChange={(label) => update({ ...data, label })} />
      <TemplateInput path="template" rows={6} value={data.template} onChange={(template) => update({ ...data, template })} />
    </div>
  );
}

export function MergeForm({ node, update }: InspectorFormProps<"merge">) {
  const { data } = node;
  return (
    <div className="space-y-3">
      <TextInput path="label" value={data.label} onChange={(label) => update({ ...data, label })} />
      <SelectInput path="join" value={data.join} onChange={(v) => update({ ...data, join: v as typeof data.join })}>
        <option value="all">All: wait for every branch, output the list of values</option>
        <option value="any">Any: continue with the first branch to arrive (the others finish)</option>
        <option value="first">First: a race; the other branches are cancelled</option>
      </SelectInput>
    </div>
  );
}

export function DelayForm({ node, update }: InspectorFormProps<"delay">) {
  const { data } = node;
  return (
    <div className="space-y-3">
      <TextInput path="label" value={data.label} onChange={(label) => update({ ...data, label })} />
      <NumberInput path="ms" step={100} value={data.ms} onChange={(ms) => update({ ...data, ms: ms ?? data.ms })} />
    </div>
  );
}

export function CalculatorForm({ node, update }: InspectorFormProps<"calculator">) {
  const { data } = node;
  return (
    <div className="space-y-3">
      <TextInput path="label" value={data.label} onChange={(label) => update({ ...data, label })} />
      <TemplateInput path="expression" rows={2} value={data.expression} onChange={(expression) => update({ ...data, expression })} />
    </div>
  );
}

export function ApprovalForm({ node, update }: InspectorFormProps<"approval">) {
  const { data } = node;
  return (
    <div className="space-y-3">
      <TextInput path="label" value={data.label} onChange={(label) => update({ ...data, label })} />
      <TemplateInput path="message" rows={3} value={data.message} onChange={(message) => update({ ...data, message })} />
      <p className="text-[11px] leading-snug text-slate-500">The run pauses here without holding a worker. Approve or reject on the canvas; the value continues down that port.</p>
    </div>
  );
}

export function CodeForm({ node, update }: InspectorFormProps<"code">) {
  const { data } = node;
  const { scope } = useNodeForm();
  const upstream = scope.options.filter((o) => o.kind === "node").map((o) => `nodes.${o.ref}`);
  const names = ["input", "value", ...upstream];
  return (
    <div className="space-y-3">
      <TextInput path="label" value={data.label} onChange={(label) => update({ ...data, label })} />
      <TextAreaInput
        path="code"
        rows={8}
        value={data.code}
        onChange={(code) => update({ ...data, code })}
        help={
          <>
            In scope:{" "}
            {names.map((name, i) => (
              <Fragment key={name}>
                {i > 0 ? ", " : null}
                <code className="rounded bg-slate-100 px-0.5 font-mono">{name}</code>
              </Fragment>
            ))}
            . Runs in a sandbox without network, files or host.
          </>
        }
      />
      <div className="grid grid-cols-2 items-start gap-2">
        <NumberInput path="timeoutMs" value={data.timeoutMs} onChange={(timeoutMs) => update({ ...data, timeoutMs: timeoutMs ?? data.timeoutMs })} />
        <NumberInput path="memoryMb" value={data.memoryMb} onChange={(memoryMb) => update({ ...data, memoryMb: memoryMb ?? data.memoryMb })} />
      </div>
    </div>
  );
}
