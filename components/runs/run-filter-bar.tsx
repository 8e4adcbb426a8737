import { runStatusSchema } from "@/lib/run/events";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { hasFilters, NO_FILTERS, type RunFilters } from "./run-filter-params";
import { RUN_STATUS_LABEL } from "./run-status-pill";

interface Props {
  filters: RunFilters;
  flows: { id: string; name: string }[];
  rangeError: string | null;
  onChange: (filters: RunFilters) => void;
}

export function RunFilterBar({ filters, flows, rangeError, onChange }: Props) {
  const set = (patch: Partial<RunFilters>) => onChange({ ...filters, ...patch });
  return (
    <div role="group" aria-label="Filter runs" className="grid grid-cols-2 items-end gap-3 sm:grid-cols-[repeat(4,minmax(0,1fr))_auto]">
      <SelectField label="Status" value={filters.status ?? ""} onChange={(e) => set({ status: runStatusSchema.safeParse(e.target.value).data ?? null })}>
        <option value="">Any status</option>
        {runStatusSchema.options.map((status) => (
          <option key={status} value={status}>
            {RUN_STATUS_LABEL[status]}
          </option>
        ))}
      </SelectField>
      <SelectField label="Flow" value={filters.flowId ?? ""} onChange={(e) => set({ flowId: e.target.value || null })}>
        <option value="">Any flow</option>
        {filters.flowId && !flows.some((f) => f.id === filters.flowId) ? <option value={filters.flowId}>Unknown flow</option> : null}
        {flows.map((flow) => (
          <option key={flow.id} value={flow.id}>
            {flow.name}
          </option>
        ))}
      </SelectField>
      <TextField label="From" type="date" value={filters.from ?? ""} max={filters.to ?? undefined} onChange={(e) => set({ from: e.target.value || null })} />
      <TextField label="To" type="date" value={filters.to ?? ""} min={filters.from ?? undefined} error={rangeError} onChange={(e) => set({ to: e.target.value || null })} />
      <Button variant="ghost" disabled={!hasFilters(filters)} onClick={() => onChange(NO_FILTERS)}>
        Clear filters
      </Button>
    </div>
  );
}
