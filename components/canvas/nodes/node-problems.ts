"use client";

import { createContext, useContext } from "react";

/** Problems per node id, computed once per graph change by the editor and shared by all nodes. */
export const NodeProblemsContext = createContext<Readonly<Record<string, string[]>>>({});

export function useNodeProblems(nodeId: string): string[] | undefined {
  return useContext(NodeProblemsContext)[nodeId];
}

