"use client";

import { useState, type FormEvent } from "react";
import type { InputField } from "@/lib/flow/node-types/input";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";
import { TextAreaField } from "@/components/ui/text-field";

interface RunDialogProps {
  open: boolean;
  fields: InputField[];
  pending: boolean;
  error: string | null;
  onClose: () => void;
  onRun: (inputs: Record<string, string>) => void;
}

export function RunDialog({ open, fields, pending, error, onClose, onRun }: RunDialogProps) {
  const [values, setValues] = useState<Record<string, string>>({});
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    onRun(Object.fromEntries(fields.map((f) => [f.name, values[f.name] ?? f.defaultValue])));
  }
  return (
    <Dialog open={open} title="Run this flow" onClose={onClose}>
      <form onSubmit={onSubmit} className="space-y-3">
        {fields.length === 0 ? <p className="text-sm text-slate-600">This flow declares no inputs.</p> : null}
        {fields.map((field) => (
          <TextAreaField
            key={field.name}
            label={`${field.label || field.name}${field.required ? " *" : ""}`}
            rows={2}
            value={values[field.name] ?? field.defaultValue}
            onChange={(e) => setValues((v) => ({ ...v, [field.name]: e.target.value }))}
          />
        ))}
        {error ? <Notice tone="error">{error}</Notice> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? "Starting…" : "Start run"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
