import { Suspense } from "react";
import { RunList } from "@/components/runs/run-list";
import { Spinner } from "@/components/ui/notice";

export const metadata = { title: "Runs · Orchestra" };

export default function RunsPage() {
  // RunList reads the filters from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense
      fallback={
        <div className="p-8">
          <Spinner label="Loading runs…" />
        </div>
      }
    >
      <RunList />
    </Suspense>
  );
}
