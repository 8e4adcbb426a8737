"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { SelectInput } from "./form-kit";

/** The workspace credentials for one provider; only names and ids reach the browser. */
export function CredentialPicker({ path, provider, value, onChange, help }: { path: string; provider: string; value: string; onChange: (id: string) => void; help?: string }) {
  const trpc = useTRPC();
  const workspaces = useQuery(trpc.workspace.list.queryOptions());
  const workspaceId = workspaces.data?.[0]?.id ?? "";
  const list = useQuery({ ...trpc.credential.list.queryOptions({ workspaceId }), enabled: !!workspaceId });
  const options = (list.data ?? []).filter((c) => c.provider === provider);
  return (
    <SelectInput
      path={path}
      value={value}
      onChange={onChange}
      help={
        <>
          {help ?? "The saved API key this provider is called with."} Credentials live in{" "}
          <Link href="/settings/credentials" className="text-indigo-700 hover:underline">
            Credentials
          </Link>
          .
        </>
      }
    >
      <option value="">{list.isLoading ? "Loading…" : options.length ? "Pick a credential" : "None for this provider yet"}</option>
      {options.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </SelectInput>
  );
}
