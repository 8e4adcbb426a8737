import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type RunOutputs = inferRouterOutputs<AppRouter>["run"];
export type RunDetailData = RunOutputs["detail"];
export type NodeRunDetail = RunDetailData["nodeRuns"][number];
