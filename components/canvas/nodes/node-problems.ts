"use client";

import { createContext, useContext, useMemo } from "react";

/** Problems per node id, computed once per graph change by the editor and shared by all nodes. */
export const NodeProblemsContext = createContext<Readonly<Record<string, string[]>>>({});

/**
 * This node's problems. The editor publishes a new record after every validation, which
 * re-renders every consumer; the array returned here keeps its identity while this node's
 * messages stay the same, so the memoized card below it does not re-render for other nodes'
 * problems (with 1,000 nodes that is 1,000 cards and their handles after every edit).
 */
export function useNodeProblems(nodeId: string): string[] | undefined {
  const problems = useContext(NodeProblemsContext)[nodeId];
  const key = problems ? JSON.stringify(problems) : "";
  return useMemo(() => (key ? (JSON.parse(key) as string[]) : undefined), [key]);
}
