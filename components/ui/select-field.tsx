import { useId, type ReactNode, type SelectHTMLAttributes } from "react";

/** A labelled <select>; options are passed as children. */
export function SelectField({ label, hint, children, ...props }: { label: string; hint?: string; children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      <select id={id} className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm" {...props}>
        {children}
      </select>
      {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}
