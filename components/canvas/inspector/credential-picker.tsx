"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";

/** The workspace credentials for one provider; only names and ids reach the browser. */
export function CredentialPicker({ provider, value, onChange }: { provider: string; value: string; onChange: (id: string) => void }) {
  const trpc = useTRPC();
  const workspaces = useQuery(trpc.workspace.list.queryOptions());
  const workspaceId = workspaces.data?.[0]?.id ?? "";
  const list = useQuery({ ...trpc.credential.list.queryOptions({ workspaceId }), enabled: !!workspaceId });
  const options = (list.data ?? []).filter((c) => c.provider === provider);
  return (
    <div className="space-y-1">
      <label htmlFor="agent-credential" className="block text-xs font-medium text-slate-700">
        Credential
      </label>
      <select id="agent-credential" value={value} onChange={(e) => onChange(e.target.value)} className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
        <option value="">{list.isLoading ? "Loading…" : options.length ? "Pick a credential" : "None for this provider yet"}</option>
        {options.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <p className="text-xs text-slate-500">
        Keys live in{" "}
        <Link href="/settings/credentials" className="text-indigo-700 hover:underline">
          Credentials
        </Link>
        .
      </p>
    </div>
  );
}
