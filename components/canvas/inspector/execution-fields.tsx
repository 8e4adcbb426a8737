"use client";

import type { ExecutionSettings } from "@/lib/flow/execution-settings";
import { CheckboxInput, FieldGroup, NumberInput } from "./form-kit";

/** Timeout and retry settings shared by every node that calls out (data path `execution`). */
export function ExecutionFields({ value, onChange }: { value: ExecutionSettings; onChange: (value: ExecutionSettings) => void }) {
  return (
    <FieldGroup legend="Reliability">
      <div className="grid grid-cols-2 items-start gap-2">
        <NumberInput path="execution.timeoutMs" scale={1000} step={0.1} value={value.timeoutMs} onChange={(timeoutMs) => onChange({ ...value, timeoutMs: timeoutMs ?? value.timeoutMs })} />
        <NumberInput
          path="execution.retry.attempts"
          value={value.retry.attempts}
          onChange={(attempts) => onChange({ ...value, retry: { ...value.retry, attempts: attempts ?? value.retry.attempts } })}
        />
      </div>
      <CheckboxInput path="execution.onFailure" checked={value.onFailure === "escalate"} onChange={(on) => onChange({ ...value, onFailure: on ? "escalate" : "fail" })} />
      <p className="text-[11px] leading-snug text-slate-500">Timeouts, 429s and 5xx are retried with exponential backoff and jitter. Connect the red error port to handle a final failure.</p>
    </FieldGroup>
  );
}
