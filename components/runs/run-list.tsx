"use client";

import { skipToken, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Notice, Spinner } from "@/components/ui/notice";
import { RunFilterBar } from "./run-filter-bar";
import { filtersFromParams, filtersToSearch, hasFilters, localDayRange, NO_FILTERS, type RunFilters } from "./run-filter-params";
import { RunTable } from "./run-table";

const PAGE_SIZE = 50;

/** Every top-level run of the workspace, newest first; filters live in the URL so a link can be shared. */
export function RunList() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const filters = filtersFromParams(useSearchParams());
  const range = localDayRange(filters);
  const workspaces = useQuery(trpc.workspace.list.queryOptions());
  const workspaceId = workspaces.data?.[0]?.id;
  const flows = useQuery({ ...trpc.flow.list.queryOptions({ workspaceId: workspaceId ?? "" }), enabled: !!workspaceId });
  const runs = useInfiniteQuery(
    trpc.run.list.infiniteQueryOptions(
      workspaceId && !range.error
        ? { workspaceId, status: filters.status ?? undefined, flowId: filters.flowId ?? undefined, from: range.from, to: range.to, limit: PAGE_SIZE }
        : skipToken,
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );

  const applyFilters = (next: RunFilters) => router.replace(`${pathname}${filtersToSearch(next)}`, { scroll: false });
  const items = runs.data?.pages.flatMap((page) => page.items) ?? [];
  // A failed "Load more" keeps the rows on screen; only a failed first page replaces them.
  const error = workspaces.error ?? (runs.data ? null : runs.error);
  const filtered = hasFilters(filters);

  return (
    <main className="h-full overflow-y-auto">
      <div className="mx-auto max-w-6xl space-y-5 p-8">
        <div>
          <h1 className="text-2xl font-semibold">Runs</h1>
          <p className="text-sm text-slate-500">{workspaces.data?.[0]?.name ?? " "}</p>
        </div>
        <RunFilterBar filters={filters} flows={flows.data ?? []} rangeError={range.error} onChange={applyFilters} />
        {error ? (
          <Notice tone="error">
            Could not load runs: {error.message}{" "}
            <button className="underline" onClick={() => void (workspaces.error ? workspaces.refetch() : runs.refetch())}>
              Retry
            </button>
          </Notice>
        ) : range.error ? null : workspaces.isLoading || runs.isLoading ? (
          <Spinner label="Loading runs…" />
        ) : items.length > 0 ? (
          <>
            <RunTable runs={items} />
            <div className="flex items-center justify-between text-sm text-slate-500">
              <span>
                Showing {items.length.toLocaleString()} {items.length === 1 ? "run" : "runs"}
                {runs.hasNextPage ? "" : " · that is all"}
              </span>
              {runs.hasNextPage ? (
                <Button variant="secondary" disabled={runs.isFetchingNextPage} onClick={() => void runs.fetchNextPage()}>
                  {runs.isFetchingNextPage ? "Loading…" : "Load more"}
                </Button>
              ) : null}
            </div>
            {runs.isFetchNextPageError ? <Notice tone="error">Could not load more runs. Press Load more to try again.</Notice> : null}
          </>
        ) : filtered ? (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
            <p className="text-lg font-medium">No runs match these filters</p>
            <Button variant="secondary" className="mt-3" onClick={() => applyFilters(NO_FILTERS)}>
              Clear filters
            </Button>
          </div>
        ) : (
          <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center">
            <p className="text-lg font-medium">No runs yet</p>
            <p className="mt-1 text-sm text-slate-500">
              Open a flow and press <strong>Run</strong>; every run of this workspace is listed here.
            </p>
          </div>
        )}
      </div>
    </main>
  );
}
