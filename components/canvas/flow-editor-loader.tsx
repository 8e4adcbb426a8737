"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { Notice, Spinner } from "@/components/ui/notice";
import { FlowEditor } from "./flow-editor";

/** Loads the flow; `runId` (from ?run=) attaches the canvas to that run. */
export function FlowEditorLoader({ flowId, runId }: { flowId: string; runId: string | null }) {
  const trpc = useTRPC();
  const flow = useQuery({
    ...trpc.flow.get.queryOptions({ flowId }),
    // Always the server's latest draft when the editor opens: a cached copy would hide autosaved work.
    staleTime: 0,
    refetchOnMount: "always",
    refetchOnWindowFocus: false,
  });
  if (flow.isLoading) {
    return (
      <div className="p-8">
        <Spinner label="Loading flow…" />
      </div>
    );
  }
  if (flow.error || !flow.data) {
    return (
      <div className="mx-auto max-w-lg space-y-3 p-8">
        <Notice tone="error">
          {flow.error?.data?.code === "NOT_FOUND" ? "This flow does not exist or you do not have access to it." : `Could not load the flow: ${flow.error?.message}`}
        </Notice>
        <Link href="/flows" className="text-sm text-indigo-700 hover:underline">
          ← Back to flows
        </Link>
      </div>
    );
  }
  return <FlowEditor flow={flow.data} runId={runId} />;
}
