"use client";

import { useReactFlow } from "@xyflow/react";
import { useEffect, useRef } from "react";
import { clipboardBounds } from "@/lib/editor/clipboard";
import { useEditorApi } from "../editor-store";
import type { EditorCommand } from "./editor-commands";
import { isTyping, matches } from "./keys";

const PASTE_NUDGE = { x: 40, y: 40 };

/**
 * Binds the commands' keys while the editor is open, and the browser's copy/cut/paste events to
 * the canvas selection (so Ctrl/Cmd-C/V work between tabs and flows without clipboard permissions).
 * Keys typed into a text field stay with the field.
 */
export function useEditorShortcuts(commands: readonly EditorCommand[]) {
  const store = useEditorApi();
  const flow = useReactFlow();
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const latest = useRef(commands);
  useEffect(() => {
    latest.current = commands;
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTyping(event.target) || document.querySelector("dialog[open]")) return;
      const command = latest.current.find((c) => !c.keysHandledElsewhere && c.keys?.some((k) => matches(k, event)));
      if (!command) return;
      event.preventDefault();
      command.run();
    };
    const onCopy = (event: ClipboardEvent, cut: boolean) => {
      // Selected text (a run's output, a problem message) is copied as text, as anywhere else.
      const textSelected = window.getSelection()?.isCollapsed === false;
      if (textSelected || isTyping(event.target) || document.querySelector("dialog[open]")) return;
      const text = store.getState().copySelection();
      if (!text || !event.clipboardData) return;
      event.clipboardData.setData("text/plain", text);
      event.preventDefault();
      if (cut) store.getState().deleteSelection();
    };
    const onPaste = (event: ClipboardEvent) => {
      if (isTyping(event.target) || document.querySelector("dialog[open]")) return;
      const text = event.clipboardData?.getData("text/plain");
      if (!text) return;
      event.preventDefault();
      // Pasted nodes land under the mouse when it is on the canvas; else next to where they were copied.
      const bounds = clipboardBounds(text);
      const at = pointer.current ? flow.screenToFlowPosition(pointer.current) : null;
      const offset = bounds && at ? { x: at.x - bounds.x, y: at.y - bounds.y } : PASTE_NUDGE;
      const refusal = store.getState().pasteText(text, offset);
      store.getState().setNotice(refusal ? `Nothing pasted: ${refusal}` : null);
    };
    const onPointer = (event: PointerEvent) => {
      const pane = document.querySelector(".react-flow__pane");
      pointer.current = pane && event.target instanceof Node && pane.contains(event.target) ? { x: event.clientX, y: event.clientY } : null;
    };
    const copy = (e: ClipboardEvent) => onCopy(e, false);
    const cut = (e: ClipboardEvent) => onCopy(e, true);
    window.addEventListener("keydown", onKey);
    document.addEventListener("copy", copy);
    document.addEventListener("cut", cut);
    document.addEventListener("paste", onPaste);
    window.addEventListener("pointermove", onPointer);
    return () => {
      window.removeEventListener("keydown", onKey);
      document.removeEventListener("copy", copy);
      document.removeEventListener("cut", cut);
      document.removeEventListener("paste", onPaste);
      window.removeEventListener("pointermove", onPointer);
    };
  }, [store, flow]);
}
