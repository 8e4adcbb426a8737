"use client";

import { useReactFlow } from "@xyflow/react";
import { useCallback, useMemo } from "react";
import { nodeDefinitions, NODE_TYPES } from "@/lib/flow/node-types/index";
import { useEditorApi } from "../editor-store";
import { useAddNodeInView } from "../palette";
import { requestEditor } from "./editor-events";
import type { KeyCombo } from "./keys";

export interface EditorCommand {
  id: string;
  label: string;
  group: "Edit" | "Add" | "View" | "Flow" | "Help";
  /** Shown in menus and the shortcut list; the first also triggers the command. */
  keys?: KeyCombo[];
  /** Keys that are handled elsewhere (the browser's clipboard events, React Flow): listed, not bound here. */
  keysHandledElsewhere?: boolean;
  run: () => void;
}

/** Where new things go when added without a mouse position: the middle of the visible canvas. */
function useViewCentre() {
  const { screenToFlowPosition } = useReactFlow();
  return useCallback(() => {
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    const centre = pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : { x: 400, y: 300 };
    return screenToFlowPosition(centre);
  }, [screenToFlowPosition]);
}

/**
 * Every editor command in one list: the keyboard shortcuts, the command palette (Ctrl/Cmd-K)
 * and the shortcut help all read it, so they cannot disagree.
 */
export function useEditorCommands(dialogs: { openPalette: () => void; openHelp: () => void }): EditorCommand[] {
  const store = useEditorApi();
  const flow = useReactFlow();
  const centre = useViewCentre();
  const addInView = useAddNodeInView();
  const { openPalette, openHelp } = dialogs;
  return useMemo(() => {
    const s = () => store.getState();
    const notify = (message: string | null) => s().setNotice(message);
    const commands: EditorCommand[] = [
      { id: "undo", label: "Undo", group: "Edit", keys: [{ key: "z", mod: true }], run: () => s().undo() },
      { id: "redo", label: "Redo", group: "Edit", keys: [{ key: "z", mod: true, shift: true }, { key: "y", mod: true }], run: () => s().redo() },
      { id: "copy", label: "Copy selection", group: "Edit", keys: [{ key: "c", mod: true }], keysHandledElsewhere: true, run: () => void copyToClipboard(s().copySelection()) },
      { id: "cut", label: "Cut selection", group: "Edit", keys: [{ key: "x", mod: true }], keysHandledElsewhere: true, run: () => void copyToClipboard(s().copySelection()).then((ok) => ok && s().deleteSelection()) },
      { id: "paste", label: "Paste", group: "Edit", keys: [{ key: "v", mod: true }], keysHandledElsewhere: true, run: () => void pasteFromClipboard((text) => notify(s().pasteText(text))) },
      { id: "duplicate", label: "Duplicate selection", group: "Edit", keys: [{ key: "d", mod: true }], run: () => s().duplicateSelection() },
      { id: "select-all", label: "Select all", group: "Edit", keys: [{ key: "a", mod: true }], run: () => s().selectAll() },
      { id: "delete", label: "Delete selection", group: "Edit", keys: [{ key: "Delete" }, { key: "Backspace" }], keysHandledElsewhere: true, run: () => s().deleteSelection() },
      { id: "group", label: "Group selection", group: "Edit", keys: [{ key: "g", mod: true }], run: () => void (s().groupSelection() ?? notify("Select nodes to group first")) },
      {
        id: "ungroup",
        label: "Ungroup selected groups",
        group: "Edit",
        keys: [{ key: "g", mod: true, shift: true }],
        run: () => s().annotations.filter((a) => a.type === "group" && a.selected).forEach((g) => s().ungroup(g.id)),
      },
      { id: "note", label: "Add sticky note", group: "Add", keys: [{ key: "n", shift: true }], run: () => void s().addNote(centre()) },
      ...NODE_TYPES.map(
        (type): EditorCommand => ({
          id: `add-${type}`,
          label: `Add ${nodeDefinitions[type].title}`,
          group: "Add",
          run: () => void addInView(type),
        }),
      ),
      { id: "fit", label: "Fit view", group: "View", keys: [{ key: "!", shift: true }], run: () => void flow.fitView({ maxZoom: 1, duration: 200 }) },
      { id: "layout", label: "Auto-layout", group: "View", keys: [{ key: "l", mod: true, shift: true }], run: () => (s().autoLayout(), void setTimeout(() => flow.fitView({ maxZoom: 1, duration: 200 }), 50)) },
      { id: "snap", label: "Toggle snap to grid", group: "View", keys: [{ key: "s", shift: true }], run: () => s().setSnapToGrid(!s().snapToGrid) },
      { id: "save", label: "Save now", group: "Flow", keys: [{ key: "s", mod: true }], keysHandledElsewhere: true, run: () => requestEditor("save") },
      { id: "save-version", label: "Save version…", group: "Flow", run: () => requestEditor("save-version") },
      { id: "versions", label: "Show versions", group: "Flow", run: () => requestEditor("versions") },
      { id: "run", label: "Run flow…", group: "Flow", keys: [{ key: "Enter", mod: true }], run: () => requestEditor("run") },
      { id: "problems", label: "Show problems", group: "Flow", run: () => requestEditor("problems") },
      { id: "export", label: "Export flow as JSON", group: "Flow", run: () => requestEditor("export") },
      { id: "import", label: "Import flow from JSON…", group: "Flow", run: () => requestEditor("import") },
      { id: "palette", label: "Command palette", group: "Help", keys: [{ key: "k", mod: true }], run: openPalette },
      { id: "help", label: "Keyboard shortcuts", group: "Help", keys: [{ key: "?" }], run: openHelp },
    ];
    return commands;
  }, [store, flow, centre, addInView, openPalette, openHelp]);
}

async function copyToClipboard(text: string | null): Promise<boolean> {
  if (!text) return false;
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

async function pasteFromClipboard(paste: (text: string) => void): Promise<void> {
  try {
    paste(await navigator.clipboard.readText());
  } catch {
    // Reading needs permission; Ctrl/Cmd-V works without it.
  }
}
