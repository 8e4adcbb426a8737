"use client";

import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { EditorCommand } from "./editor-commands";
import { formatCombo } from "./keys";

const MOUSE = [
  ["Shift-click", "Add a node to the selection"],
  ["Shift-drag on the canvas", "Select everything in a box"],
  ["Drag the canvas", "Pan; scroll or pinch to zoom"],
  ["Double-click a note or group title", "Edit it"],
] as const;

/** "?": every shortcut, read from the same command list the keys are bound from. */
export function ShortcutHelp({ open, commands, onClose }: { open: boolean; commands: readonly EditorCommand[]; onClose: () => void }) {
  const withKeys = commands.filter((c) => c.keys?.length);
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={onClose}>
      <table className="w-full text-sm" data-testid="shortcut-list">
        <tbody>
          {withKeys.map((command) => (
            <tr key={command.id} className="border-b border-slate-100">
              <td className="py-1 pr-3 text-slate-700">{command.label}</td>
              <td className="py-1 text-right">
                {command.keys!.map((k) => (
                  <kbd key={formatCombo(k)} className="ml-1 rounded border border-slate-300 bg-slate-50 px-1.5 text-[11px] text-slate-700">
                    {formatCombo(k)}
                  </kbd>
                ))}
              </td>
            </tr>
          ))}
          {MOUSE.map(([gesture, what]) => (
            <tr key={gesture} className="border-b border-slate-100">
              <td className="py-1 pr-3 text-slate-700">{what}</td>
              <td className="py-1 text-right text-[11px] text-slate-600">{gesture}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="flex justify-end">
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
    </Dialog>
  );
}
