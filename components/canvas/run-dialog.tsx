"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { FlowCostEstimate } from "@/lib/flow/estimate";
import { formatUsd } from "@/lib/models/cost";
import { useTRPC } from "@/components/providers/trpc";
import type { InputField } from "@/lib/flow/node-types/input";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";
import { TextAreaField, TextField } from "@/components/ui/text-field";

export interface RunRequest {
  inputs: Record<string, string>;
  budgetUsd?: number;
}

interface RunDialogProps {
  flowId: string;
  open: boolean;
  fields: InputField[];
  pending: boolean;
  error: string | null;
  onClose: () => void;
  onRun: (request: RunRequest) => void;
}

/** Nodes that call a model (not those that only run child flows). */
const modelNodes = (estimate: FlowCostEstimate) => estimate.perNode.filter((n) => n.model).length;

/** What the "up to" figure counts beyond single calls, and what it leaves out. */
function EstimateNotes({ estimate }: { estimate: FlowCostEstimate }) {
  const counted = [...new Set(estimate.perNode.flatMap((n) => n.notes))];
  if (counted.length === 0 && estimate.excludes.length === 0) return null;
  return (
    <p className="text-[11px] leading-snug text-slate-500" data-testid="cost-estimate-notes">
      {counted.length ? `Counts ${counted.join("; ")}.` : null}
      {estimate.excludes.length ? ` Excludes ${estimate.excludes.join(", ")}.` : null}
    </p>
  );
}

export function RunDialog({ flowId, open, fields, pending, error, onClose, onRun }: RunDialogProps) {
  const trpc = useTRPC();
  const [values, setValues] = useState<Record<string, string>>({});
  const [budget, setBudget] = useState("");
  const inputs = Object.fromEntries(fields.map((f) => [f.name, values[f.name] ?? f.defaultValue]));
  const estimate = useQuery({ ...trpc.run.estimate.queryOptions({ flowId, inputs }), enabled: open, placeholderData: (previous) => previous });
  const budgetUsd = budget.trim() ? Number(budget) : undefined;
  const budgetError = budgetUsd !== undefined && !(budgetUsd > 0) ? "Enter an amount above 0, or leave empty for no limit" : null;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (budgetError) return;
    onRun({ inputs, budgetUsd });
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
        <TextField
          label="Budget in USD (optional)"
          inputMode="decimal"
          placeholder="No limit"
          value={budget}
          error={budgetError}
          hint="Model calls that could go over it are not made; the run stops with what it has."
          onChange={(e) => setBudget(e.target.value)}
        />
        <p className="text-xs text-slate-600" data-testid="cost-estimate" title="Every attempt, fallback model and tool step counted; prompts measured at about 4 characters a token, as budgets are">
          {estimate.data
            ? `Estimated cost: up to ${formatUsd(estimate.data.maxNanoUsd)} (${modelNodes(estimate.data)} model call${modelNodes(estimate.data) === 1 ? "" : "s"})`
            : estimate.error
              ? `No estimate: ${estimate.error.message}`
              : "Estimating cost…"}
        </p>
        {estimate.data ? <EstimateNotes estimate={estimate.data} /> : null}
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
