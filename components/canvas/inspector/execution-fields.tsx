"use client";

import type { ExecutionSettings } from "@/lib/flow/execution-settings";
import { TextField } from "@/components/ui/text-field";

function numberOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

/** Timeout and retry settings shared by every node that calls out. */
export function ExecutionFields({ value, onChange }: { value: ExecutionSettings; onChange: (value: ExecutionSettings) => void }) {
  return (
    <fieldset className="space-y-2 rounded-md border border-slate-200 p-2">
      <legend className="px-1 text-xs font-semibold text-slate-700">Reliability</legend>
      <div className="grid grid-cols-2 gap-2">
        <TextField
          label="Timeout (s)"
          type="number"
          min={0.1}
          step={0.1}
          value={value.timeoutMs / 1000}
          onChange={(e) => onChange({ ...value, timeoutMs: Math.round(numberOr(e.target.valueAsNumber, value.timeoutMs / 1000) * 1000) })}
        />
        <TextField
          label="Attempts"
          type="number"
          min={1}
          max={10}
          value={value.retry.attempts}
          onChange={(e) => onChange({ ...value, retry: { ...value.retry, attempts: numberOr(e.target.valueAsNumber, value.retry.attempts) } })}
        />
      </div>
      <label className="flex items-center gap-2 text-xs text-slate-700">
        <input type="checkbox" checked={value.onFailure === "escalate"} onChange={(e) => onChange({ ...value, onFailure: e.target.checked ? "escalate" : "fail" })} />
        On final failure, ask a person (Approve retries, Reject fails)
      </label>
      <p className="text-xs text-slate-500">Timeouts, 429s and 5xx are retried with exponential backoff and jitter. Connect the red error port to handle a final failure.</p>
    </fieldset>
  );
}
