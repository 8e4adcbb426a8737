"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Notice, Spinner } from "@/components/ui/notice";
import { TextField } from "@/components/ui/text-field";

const PROVIDERS = [
  { id: "openai", label: "OpenAI" },
  { id: "anthropic", label: "Anthropic" },
  { id: "openai-compatible", label: "OpenAI-compatible (Ollama, vLLM, LM Studio, OpenRouter…)" },
  { id: "http", label: "HTTP request authentication (bearer token, header, basic, query parameter)" },
] as const;
type ProviderId = (typeof PROVIDERS)[number]["id"];

const HTTP_AUTH = [
  { id: "bearer", label: "Bearer token (Authorization: Bearer …)", secret: "Token" },
  { id: "header", label: "A header of its own (e.g. X-Api-Key)", secret: "Header value" },
  { id: "basic", label: "Basic (user name and password)", secret: "Password" },
  { id: "query", label: "A query parameter (e.g. ?api_key=…)", secret: "Parameter value" },
] as const;
type HttpAuthKind = (typeof HTTP_AUTH)[number]["id"];

/** Workspace API keys: added here, encrypted on the server, never shown again. */
export function CredentialsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workspaces = useQuery(trpc.workspace.list.queryOptions());
  const workspaceId = workspaces.data?.[0]?.id ?? "";
  const list = useQuery({ ...trpc.credential.list.queryOptions({ workspaceId }), enabled: !!workspaceId });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.credential.list.queryKey() });
  const create = useMutation(trpc.credential.create.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.credential.delete.mutationOptions({ onSuccess: invalidate }));
  const [provider, setProvider] = useState<ProviderId>("openai");
  const [authKind, setAuthKind] = useState<HttpAuthKind>("bearer");
  const auth = HTTP_AUTH.find((a) => a.id === authKind) ?? HTTP_AUTH[0];
  const fieldErrors = (create.error?.data?.zodError?.fieldErrors ?? {}) as Partial<Record<"name" | "baseUrl" | "apiKey" | "httpAuth", string[]>>;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const baseUrl = String(data.get("baseUrl") ?? "").trim();
    const httpAuth = provider === "http" ? { kind: authKind, name: String(data.get("authName") ?? "").trim(), username: String(data.get("username") ?? "") } : undefined;
    await create.mutateAsync({ workspaceId, provider, name: String(data.get("name")), apiKey: String(data.get("apiKey")), baseUrl: baseUrl || undefined, httpAuth }).then(
      () => form.reset(),
      () => undefined,
    );
  }

  return (
    <main className="mx-auto max-w-3xl space-y-6 p-8">
      <div>
        <h1 className="text-2xl font-semibold">Credentials</h1>
        <p className="text-sm text-slate-500">API keys for model providers and secrets for HTTP request nodes. They are encrypted at rest and never sent back to the browser.</p>
      </div>
      {list.error ? (
        <Notice tone="error">Could not load credentials: {list.error.message}</Notice>
      ) : list.isLoading || workspaces.isLoading ? (
        <Spinner label="Loading credentials…" />
      ) : list.data && list.data.length > 0 ? (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label="Credentials">
          {list.data.map((c) => (
            <li key={c.id} className="flex items-center justify-between px-4 py-3">
              <div>
                <p className="font-medium">{c.name}</p>
                <p className="text-xs text-slate-500">
                  {PROVIDERS.find((p) => p.id === c.provider)?.label ?? c.provider}
                  {c.baseUrl ? ` · ${c.baseUrl}` : ""} · key hidden
                </p>
              </div>
              <Button variant="ghost" aria-label={`Delete credential ${c.name}`} disabled={remove.isPending} onClick={() => remove.mutate({ credentialId: c.id })}>
                Delete
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-sm text-slate-600">
          No credentials yet. The Simulator model works without one; add a key below to use a real provider.
        </div>
      )}
      <form onSubmit={onSubmit} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" noValidate>
        <h2 className="font-semibold">Add a credential</h2>
        <div className="space-y-1">
          <label htmlFor="credential-provider" className="block text-xs font-medium text-slate-700">
            Provider
          </label>
          <select
            id="credential-provider"
            value={provider}
            onChange={(e) => setProvider(e.target.value as ProviderId)}
            className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
          >
            {PROVIDERS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        <TextField label="Name" name="name" placeholder={provider === "http" ? "e.g. CRM API" : "e.g. Team OpenAI"} error={fieldErrors.name?.[0]} />
        {provider === "http" ? (
          <>
            <TextField label="Base URL (the secret is only sent to URLs under it)" name="baseUrl" placeholder="https://api.example.com/v1" error={fieldErrors.baseUrl?.[0]} />
            <div className="space-y-1">
              <label htmlFor="credential-auth" className="block text-xs font-medium text-slate-700">
                Sent as
              </label>
              <select id="credential-auth" value={authKind} onChange={(e) => setAuthKind(e.target.value as HttpAuthKind)} className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
                {HTTP_AUTH.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.label}
                  </option>
                ))}
              </select>
            </div>
            {authKind === "header" || authKind === "query" ? <TextField label={authKind === "header" ? "Header name" : "Query parameter name"} name="authName" error={fieldErrors.httpAuth?.[0]} /> : null}
            {authKind === "basic" ? <TextField label="User name" name="username" autoComplete="off" error={fieldErrors.httpAuth?.[0]} /> : null}
          </>
        ) : (
          <TextField
            label={provider === "openai-compatible" ? "Base URL" : "Base URL (optional, for proxies)"}
            name="baseUrl"
            placeholder={provider === "openai-compatible" ? "http://localhost:11434/v1" : "Leave empty for the provider's API"}
            error={fieldErrors.baseUrl?.[0]}
          />
        )}
        <TextField label={provider === "http" ? auth.secret : "API key"} name="apiKey" type="password" autoComplete="off" error={fieldErrors.apiKey?.[0]} />
        {create.error && !create.error.data?.zodError ? <Notice tone="error">{create.error.message}</Notice> : null}
        <Button type="submit" disabled={create.isPending || !workspaceId}>
          {create.isPending ? "Saving…" : "Save credential"}
        </Button>
      </form>
    </main>
  );
}
