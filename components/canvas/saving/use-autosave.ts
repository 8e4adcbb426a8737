"use client";

import { MutationObserver, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useEffect, useState, useSyncExternalStore } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { useEditorApi } from "../editor-store";
import { Autosaver, type AutosaveApi, type SaveErrorKind, type SaveState } from "./autosaver";

const PERMANENT = new Set(["BAD_REQUEST", "FORBIDDEN", "NOT_FOUND", "UNAUTHORIZED", "PAYLOAD_TOO_LARGE"]);

/** A failed request as the save state shows it, and whether trying again can help. */
export function describeSaveError(error: unknown): { kind: SaveErrorKind; message: string } {
  const code = error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "CONFLICT") return { kind: "conflict", message };
  if (code && PERMANENT.has(code)) return { kind: "invalid", message };
  // No answer at all: the browser's "Failed to fetch" says little.
  if (!code && /fetch|network/i.test(message)) return { kind: "transient", message: "Could not reach the server" };
  return { kind: "transient", message };
}

/** Creates the editor's autosaver (one per open editor) and keeps it watching the store. */
export function useAutosaver(): Autosaver {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const store = useEditorApi();
  const [autosaver] = useState(() => {
    const flowId = store.getState().flowId;
    const getOptions = trpc.flow.get.queryOptions({ flowId });
    // An observer outside React: the autosaver outlives renders and calls it from timers.
    const saveDraft = new MutationObserver(queryClient, trpc.flow.saveDraft.mutationOptions());
    const api: AutosaveApi = {
      saveDraft: (input) => saveDraft.mutate({ flowId, ...input }),
      load: async () => {
        const flow = await queryClient.fetchQuery({ ...getOptions, staleTime: 0 });
        return { version: flow.version, revision: flow.revision, savedAt: flow.savedAt, unversioned: flow.unversioned, graph: flow.graph };
      },
      describeError: describeSaveError,
    };
    // The loader fetched the flow into this cache entry just before the editor was created.
    const loaded = queryClient.getQueryData(getOptions.queryKey);
    return new Autosaver(store, api, { savedAt: loaded?.savedAt ?? null, unversioned: loaded?.unversioned ?? false });
  });
  useEffect(() => autosaver.start(), [autosaver]);
  return autosaver;
}

export function useSaveState(autosaver: Autosaver): SaveState {
  return useSyncExternalStore(autosaver.subscribe, autosaver.getState, autosaver.getState);
}
