"use client";

import { useEffect, useRef } from "react";

/** Commands owned by other parts of the editor (saving, running, files), requested by name. */
export type EditorRequest = "save" | "save-version" | "versions" | "run" | "export" | "import" | "problems" | "shortcuts";

const EVENT = "orchestra:editor-request";

export function requestEditor(request: EditorRequest): void {
  window.dispatchEvent(new CustomEvent<EditorRequest>(EVENT, { detail: request }));
}

/** Handles one kind of request from the command palette or a shortcut. */
export function useEditorRequest(request: EditorRequest, handler: () => void): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    const listener = (event: Event) => {
      if ((event as CustomEvent<EditorRequest>).detail === request) latest.current();
    };
    window.addEventListener(EVENT, listener);
    return () => window.removeEventListener(EVENT, listener);
  }, [request]);
}
