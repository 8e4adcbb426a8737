"use client";

import { useCallback, useState } from "react";
import { useEditorCommands } from "./editor-commands";
import { CommandPalette } from "./command-palette";
import { ShortcutHelp } from "./shortcut-help";
import { useEditorShortcuts } from "./use-editor-shortcuts";
import { useEditorRequest } from "./editor-events";

/** Keyboard shortcuts, the command palette and the shortcut help of the editor. */
export function EditorCommandLayer() {
  const [open, setOpen] = useState<"palette" | "help" | null>(null);
  const openPalette = useCallback(() => setOpen("palette"), []);
  const openHelp = useCallback(() => setOpen("help"), []);
  const close = useCallback(() => setOpen(null), []);
  const commands = useEditorCommands({ openPalette, openHelp });
  useEditorShortcuts(commands);
  useEditorRequest("shortcuts", openHelp);
  return (
    <>
      <CommandPalette open={open === "palette"} commands={commands} onClose={close} />
      <ShortcutHelp open={open === "help"} commands={commands} onClose={close} />
    </>
  );
}
