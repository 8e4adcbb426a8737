"use client";

import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { insertReference, matchReferences, openReferenceAt, templateIssues, type ReferenceOption, type ReferenceScope } from "@/lib/flow/reference-scope";
import { caretCoordinates } from "./caret-position";

export interface PromptEditorProps {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** What {{ }} may refer to from this node (referenceScope). */
  scope: ReferenceScope;
  rows?: number;
  /** One line (an <input>), e.g. a URL or a condition's value. */
  singleLine?: boolean;
  placeholder?: string;
  /** Ids of the help and error texts describing the field. */
  describedBy?: string;
  invalid?: boolean;
}

const POPOVER_WIDTH = 272;

const fieldClass =
  "w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 font-mono text-xs leading-5 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200 aria-[invalid=true]:border-red-500";

function Suggestion({ option, id, active, onPick, onHover }: { option: ReferenceOption; id: string; active: boolean; onPick: () => void; onHover: () => void }) {
  return (
    <li
      id={id}
      role="option"
      aria-selected={active}
      // Keep the focus (and the caret) in the field while clicking.
      onMouseDown={(e) => e.preventDefault()}
      onClick={onPick}
      onMouseMove={onHover}
      className={`flex cursor-pointer items-center gap-2 px-2.5 py-1.5 ${active ? "bg-indigo-600 text-white" : "text-slate-800"}`}
    >
      <span
        aria-hidden
        className={`flex h-5 w-5 shrink-0 items-center justify-center rounded text-[10px] font-bold ${
          active ? "bg-white/20 text-white" : option.kind === "input" ? "bg-emerald-100 text-emerald-700" : "bg-sky-100 text-sky-700"
        }`}
      >
        {option.kind === "input" ? "in" : "→"}
      </span>
      <span className="min-w-0 flex-1">
        <code className="block truncate font-mono text-xs">{`{{${option.ref}}}`}</code>
        <span className={`block truncate text-[11px] ${active ? "text-indigo-100" : "text-slate-500"}`}>
          {option.detail} · {option.label}
        </span>
      </span>
    </li>
  );
}

/**
 * A template field: typing `{{` offers the run inputs and upstream outputs this node may use
 * (and the fields of upstream JSON outputs whose schema is known)
 * (arrow keys to choose, Enter or Tab to insert, Escape to close), and references it cannot use
 * are flagged underneath as you type.
 */
export function PromptEditor({ id, value, onChange, scope, rows = 4, singleLine = false, placeholder, describedBy, invalid }: PromptEditorProps) {
  const fieldRef = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const listId = useId();
  const issuesId = useId();
  const [open, setOpen] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [anchor, setAnchor] = useState({ top: 0, left: 0 });
  const pendingCaret = useRef<number | null>(null);

  const matches = useMemo(() => (open ? matchReferences(scope.options, open.query) : []), [open, scope.options]);
  const issues = useMemo(() => templateIssues(value, scope), [value, scope]);
  const activeIndex = Math.min(active, Math.max(0, matches.length - 1));

  /** Opens, moves or closes the suggestions for where the caret now is. */
  function refresh() {
    const field = fieldRef.current;
    if (!field || document.activeElement !== field) return setOpen(null);
    const caret = field.selectionStart ?? 0;
    const found = field.selectionEnd === caret ? openReferenceAt(field.value, caret) : null;
    if (!found) {
      setDismissedAt(null);
      return setOpen(null);
    }
    if (found.start === dismissedAt) return setOpen(null);
    if (!open || open.start !== found.start || open.query !== found.query) {
      setOpen(found);
      setActive(0);
    }
    const at = caretCoordinates(field, found.start);
    const width = wrapperRef.current?.clientWidth ?? POPOVER_WIDTH;
    setAnchor({ top: field.offsetTop + at.top + at.height + 2, left: Math.max(0, Math.min(field.offsetLeft + at.left, width - POPOVER_WIDTH)) });
  }

  function insert(option: ReferenceOption) {
    const field = fieldRef.current;
    if (!field || !open) return;
    const next = insertReference(field.value, field.selectionStart ?? field.value.length, open, option.ref);
    pendingCaret.current = next.caret;
    setOpen(null);
    onChange(next.text);
  }

  // After an insertion, put the caret after the inserted reference.
  useLayoutEffect(() => {
    const field = fieldRef.current;
    if (field && pendingCaret.current !== null && field.value === value) {
      field.focus();
      field.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = null;
    }
  }, [value]);

  useEffect(() => {
    if (open) document.getElementById(`${listId}-${activeIndex}`)?.scrollIntoView({ block: "nearest" });
  }, [open, activeIndex, listId]);

  function onKeyDown(event: KeyboardEvent) {
    if (!open) return;
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      setDismissedAt(open.start);
      setOpen(null);
      return;
    }
    if (matches.length === 0) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((activeIndex + step + matches.length) % matches.length);
    } else if ((event.key === "Enter" || event.key === "Tab") && !event.shiftKey) {
      const option = matches[activeIndex];
      if (!option) return;
      event.preventDefault();
      insert(option);
    }
  }

  const common = {
    id,
    value,
    placeholder,
    spellCheck: false,
    autoComplete: "off",
    "aria-invalid": invalid || issues.length > 0 ? true : undefined,
    "aria-describedby": [describedBy, issues.length ? issuesId : null].filter(Boolean).join(" ") || undefined,
    "aria-autocomplete": "list" as const,
    "aria-controls": open ? listId : undefined,
    "aria-activedescendant": open && matches.length ? `${listId}-${activeIndex}` : undefined,
    onKeyDown,
    onSelect: refresh,
    onBlur: () => setOpen(null),
    className: fieldClass,
  };

  return (
    <div ref={wrapperRef} className="relative">
      {singleLine ? (
        <input {...common} ref={fieldRef} type="text" onChange={(e) => onChange(e.target.value)} onInput={refresh} />
      ) : (
        <textarea {...common} ref={fieldRef} rows={rows} onChange={(e) => onChange(e.target.value)} onInput={refresh} />
      )}
      {open ? (
        <div
          className="absolute z-30 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-xl ring-1 ring-black/5"
          style={{ top: anchor.top, left: anchor.left, width: POPOVER_WIDTH }}
          data-testid="reference-suggestions"
        >
          <p className="border-b border-slate-100 bg-slate-50 px-2.5 py-1 text-[11px] font-semibold uppercase tracking-wide text-slate-500">Insert a reference</p>
          {matches.length ? (
            <ul id={listId} role="listbox" aria-label="References" className="max-h-52 overflow-y-auto py-1">
              {matches.map((option, i) => (
                <Suggestion key={option.ref} id={`${listId}-${i}`} option={option} active={i === activeIndex} onPick={() => insert(option)} onHover={() => setActive(i)} />
              ))}
            </ul>
          ) : (
            <p id={listId} className="px-2.5 py-2 text-xs text-slate-500">
              {scope.options.length === 0
                ? "Nothing to refer to yet: add an Input node, or connect a node into this one."
                : `No reference matches “${open.query}”. Use input.<name> or <node id>.output, then .field or [0] to reach into JSON.`}
            </p>
          )}
          <p className="border-t border-slate-100 bg-slate-50 px-2.5 py-1 text-[11px] text-slate-500">
            <kbd className="font-sans">↑↓</kbd> choose · <kbd className="font-sans">Enter</kbd> insert · <kbd className="font-sans">Esc</kbd> close
          </p>
        </div>
      ) : null}
      {issues.length ? (
        <ul id={issuesId} aria-label="Reference problems" className="mt-1 space-y-0.5 text-xs text-red-700">
          {issues.map((issue) => (
            <li key={issue.raw} className="flex gap-1">
              <span aria-hidden>⚠</span>
              <span>{issue.message}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
