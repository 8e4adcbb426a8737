"use client";

import { createContext, useContext, useId, useState, type ReactNode } from "react";
import { nodeDefinitions, type NodeType } from "@/lib/flow/node-types/index";
import type { ReferenceScope } from "@/lib/flow/reference-scope";
import { fieldMeta } from "./field-meta";
import { PromptEditor } from "./prompt-editor";
import { defaultAt, fieldRules, type FieldRules } from "./schema-field";

/**
 * The pieces every inspector form is built from. A field names its data path ("temperature",
 * "rules.0.left"); its label and help come from field-meta, its bounds and default from the node's
 * config schema, and its validation message from the schema's issue at that path, as you type.
 */
export interface NodeFormContextValue {
  nodeId: string;
  nodeType: NodeType;
  /** Validation messages by data path, e.g. "fields.0.name". */
  errors: ReadonlyMap<string, string>;
  scope: ReferenceScope;
}

export const NodeFormContext = createContext<NodeFormContextValue | null>(null);

export function useNodeForm(): NodeFormContextValue {
  const value = useContext(NodeFormContext);
  if (!value) throw new Error("inspector fields outside <NodeFormContext>");
  return value;
}

interface FieldInfo {
  id: string;
  label: string;
  help: ReactNode;
  error: string | undefined;
  rules: FieldRules;
  defaultValue: unknown;
  helpId: string;
  errorId: string;
}

interface FieldOverrides {
  /** Instead of field-meta's label (e.g. a sub-flow input's own name). */
  label?: string;
  /** Instead of field-meta's help. */
  help?: ReactNode;
}

function useFieldInfo(path: string, overrides: FieldOverrides): FieldInfo {
  const { nodeType, errors } = useNodeForm();
  const id = useId();
  const meta = fieldMeta(nodeType, path);
  const definition = nodeDefinitions[nodeType];
  return {
    id,
    label: overrides.label ?? meta?.label ?? path,
    help: overrides.help ?? meta?.help ?? "",
    error: errors.get(path),
    rules: fieldRules(definition.dataSchema, path),
    defaultValue: defaultAt(definition.defaults(), path),
    helpId: `${id}-help`,
    errorId: `${id}-error`,
  };
}

function describedBy(info: FieldInfo, error: string | undefined): string {
  return error ? `${info.errorId} ${info.helpId}` : info.helpId;
}

/** Label above, control, then the validation message (red) and the help line (grey). */
function FieldShell({ info, error, children, inline = false }: { info: FieldInfo; error: string | undefined; children: ReactNode; inline?: boolean }) {
  return (
    <div className="space-y-1" data-field>
      {inline ? (
        children
      ) : (
        <>
          <label htmlFor={info.id} className="block text-xs font-medium text-slate-700">
            {info.label}
          </label>
          {children}
        </>
      )}
      {error ? (
        <p id={info.errorId} className="flex gap-1 text-xs text-red-700">
          <span aria-hidden>⚠</span>
          {error}
        </p>
      ) : null}
      <p id={info.helpId} className="text-[11px] leading-snug text-slate-500">
        {info.help}
      </p>
    </div>
  );
}

const controlClass =
  "w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200 aria-[invalid=true]:border-red-500";

export function TextInput({ path, value, onChange, placeholder, ...overrides }: { path: string; value: string; onChange: (value: string) => void; placeholder?: string } & FieldOverrides) {
  const info = useFieldInfo(path, overrides);
  return (
    <FieldShell info={info} error={info.error}>
      <input
        id={info.id}
        type="text"
        value={value}
        placeholder={placeholder}
        maxLength={info.rules.maxLength}
        aria-invalid={info.error ? true : undefined}
        aria-describedby={describedBy(info, info.error)}
        onChange={(e) => onChange(e.target.value)}
        className={controlClass}
      />
    </FieldShell>
  );
}

/** Multi-line text that is not a template (code, a JSON Schema). */
export function TextAreaInput({
  path,
  value,
  onChange,
  rows = 4,
  placeholder,
  ...overrides
}: { path: string; value: string; onChange: (value: string) => void; rows?: number; placeholder?: string } & FieldOverrides) {
  const info = useFieldInfo(path, overrides);
  return (
    <FieldShell info={info} error={info.error}>
      <textarea
        id={info.id}
        rows={rows}
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        maxLength={info.rules.maxLength}
        aria-invalid={info.error ? true : undefined}
        aria-describedby={describedBy(info, info.error)}
        onChange={(e) => onChange(e.target.value)}
        className={`${controlClass} font-mono text-xs leading-5`}
      />
    </FieldShell>
  );
}

function formatNumber(value: number | undefined, scale: number): string {
  return value === undefined ? "" : String(Math.round((value / scale) * 1e6) / 1e6);
}

/**
 * A number whose text is kept while it is being typed (so it can be cleared and retyped); only
 * numbers reach the node. Bounds come from the schema, shown in the unit of the field (`scale`:
 * 1000 shows milliseconds as seconds).
 */
export function NumberInput({
  path,
  value,
  onChange,
  scale = 1,
  step,
  optional = false,
  ...overrides
}: { path: string; value: number | undefined; onChange: (value: number | undefined) => void; scale?: number; step?: number; optional?: boolean } & FieldOverrides) {
  const info = useFieldInfo(path, overrides);
  const shown = formatNumber(value, scale);
  const [draft, setDraft] = useState(shown);
  const [synced, setSynced] = useState(shown);
  // The value changed from elsewhere (undo, another field): show it, unless the draft already says it.
  if (shown !== synced) {
    setSynced(shown);
    if (draft.trim() === "" ? value !== undefined : Number(draft) * scale !== value) setDraft(shown);
  }
  const draftError = draft.trim() === "" ? (optional ? undefined : "Enter a number") : Number.isFinite(Number(draft)) ? undefined : "Enter a number";
  const error = draftError ?? info.error;
  const { min, max, integer } = info.rules;
  const fallback = typeof info.defaultValue === "number" ? info.defaultValue : undefined;
  const help = (
    <>
      {info.help}
      {fallback !== undefined && !overrides.help ? <span className="text-slate-400"> Default {formatNumber(fallback, scale)}.</span> : null}
    </>
  );
  return (
    <FieldShell info={{ ...info, help }} error={error}>
      <input
        id={info.id}
        type="number"
        inputMode={integer && scale === 1 ? "numeric" : "decimal"}
        value={draft}
        min={min === undefined ? undefined : min / scale}
        max={max === undefined ? undefined : max / scale}
        step={step ?? (integer && scale === 1 ? 1 : "any")}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(info, error)}
        onChange={(e) => {
          const text = e.target.value;
          setDraft(text);
          if (text.trim() === "") {
            if (optional) onChange(undefined);
            return;
          }
          const n = Number(text);
          if (Number.isFinite(n)) onChange(scale === 1 ? n : Math.round(n * scale));
        }}
        className={controlClass}
      />
    </FieldShell>
  );
}

export function SelectInput({ path, value, onChange, children, ...overrides }: { path: string; value: string; onChange: (value: string) => void; children: ReactNode } & FieldOverrides) {
  const info = useFieldInfo(path, overrides);
  return (
    <FieldShell info={info} error={info.error}>
      <select
        id={info.id}
        value={value}
        aria-invalid={info.error ? true : undefined}
        aria-describedby={describedBy(info, info.error)}
        onChange={(e) => onChange(e.target.value)}
        className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
      >
        {children}
      </select>
    </FieldShell>
  );
}

export function CheckboxInput({ path, checked, onChange, ...overrides }: { path: string; checked: boolean; onChange: (checked: boolean) => void } & FieldOverrides) {
  const info = useFieldInfo(path, overrides);
  return (
    <FieldShell info={info} error={info.error} inline>
      <label className="flex items-center gap-2 text-xs font-medium text-slate-700">
        <input
          id={info.id}
          type="checkbox"
          checked={checked}
          aria-describedby={describedBy(info, info.error)}
          onChange={(e) => onChange(e.target.checked)}
          className="h-3.5 w-3.5 accent-indigo-600"
        />
        {info.label}
      </label>
    </FieldShell>
  );
}

/** A field that may hold {{references}}: the prompt editor, with autocomplete and flags. */
export function TemplateInput({
  path,
  value,
  onChange,
  rows,
  singleLine,
  placeholder,
  ...overrides
}: { path: string; value: string; onChange: (value: string) => void; rows?: number; singleLine?: boolean; placeholder?: string } & FieldOverrides) {
  const info = useFieldInfo(path, overrides);
  const { scope } = useNodeForm();
  return (
    <FieldShell info={info} error={info.error}>
      <PromptEditor
        id={info.id}
        value={value}
        onChange={onChange}
        scope={scope}
        rows={rows}
        singleLine={singleLine}
        placeholder={placeholder}
        invalid={!!info.error}
        describedBy={describedBy(info, info.error)}
      />
    </FieldShell>
  );
}

/** A list of settings (input fields, rules, routes, headers): its heading, help and list-level error. */
export function ListField({ path, children, ...overrides }: { path: string; children: ReactNode } & FieldOverrides) {
  const info = useFieldInfo(path, overrides);
  return (
    <div className="space-y-2" role="group" aria-labelledby={`${info.id}-heading`} aria-describedby={describedBy(info, info.error)}>
      <div>
        <p id={`${info.id}-heading`} className="text-xs font-medium text-slate-700">
          {info.label}
        </p>
        <p id={info.helpId} className="text-[11px] leading-snug text-slate-500">
          {info.help}
        </p>
      </div>
      {children}
      {info.error ? (
        <p id={info.errorId} className="flex gap-1 text-xs text-red-700">
          <span aria-hidden>⚠</span>
          {info.error}
        </p>
      ) : null}
    </div>
  );
}

/** A framed group of fields for one list item or one topic. */
export function FieldGroup({ legend, tone = "plain", children, ...rest }: { legend?: string; tone?: "plain" | "violet"; children: ReactNode; "aria-label"?: string }) {
  return (
    <fieldset className={`space-y-2.5 rounded-md border p-2.5 ${tone === "violet" ? "border-violet-200 bg-violet-50/50" : "border-slate-200 bg-slate-50/40"}`} {...rest}>
      {legend ? <legend className={`px-1 text-xs font-semibold ${tone === "violet" ? "text-violet-800" : "text-slate-700"}`}>{legend}</legend> : null}
      {children}
    </fieldset>
  );
}
