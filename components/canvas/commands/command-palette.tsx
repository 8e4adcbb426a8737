"use client";

import { useMemo, useState, type KeyboardEvent } from "react";
import { Dialog } from "@/components/ui/dialog";
import type { EditorCommand } from "./editor-commands";
import { formatCombo } from "./keys";

function matchesQuery(command: EditorCommand, query: string): boolean {
  const text = `${command.group} ${command.label}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}

/** Ctrl/Cmd-K: type to find any command (add a node, undo, layout, run…) and press Enter. */
export function CommandPalette({ open, commands, onClose }: { open: boolean; commands: readonly EditorCommand[]; onClose: () => void }) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const shown = useMemo(() => commands.filter((c) => c.id !== "palette" && matchesQuery(c, query)), [commands, query]);
  const close = () => {
    setQuery("");
    setActive(0);
    onClose();
  };
  const run = (command: EditorCommand | undefined) => {
    if (!command) return;
    close();
    // After the dialog has closed, so focus and selection belong to the canvas again.
    setTimeout(command.run, 0);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown") setActive((i) => Math.min(shown.length - 1, i + 1));
    else if (event.key === "ArrowUp") setActive((i) => Math.max(0, i - 1));
    else if (event.key === "Enter") run(shown[active]);
    else return;
    event.preventDefault();
  };
  return (
    <Dialog open={open} title="Command palette" onClose={close}>
      <input
        autoFocus
        aria-label="Search commands"
        placeholder="Type a command, e.g. “add agent” or “layout”"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        className="w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm"
        role="combobox"
        aria-expanded
        aria-controls="command-list"
        aria-activedescendant={shown[active] ? `command-${shown[active].id}` : undefined}
      />
      <ul id="command-list" role="listbox" aria-label="Commands" className="max-h-80 overflow-y-auto">
        {shown.length === 0 ? <li className="px-2 py-3 text-sm text-slate-500">No command matches “{query}”.</li> : null}
        {shown.map((command, i) => (
          <li
            key={command.id}
            id={`command-${command.id}`}
            role="option"
            aria-selected={i === active}
            onMouseEnter={() => setActive(i)}
            onClick={() => run(command)}
            className={`flex cursor-pointer items-center justify-between rounded px-2 py-1.5 text-sm ${i === active ? "bg-indigo-50 text-indigo-900" : "text-slate-800"}`}
          >
            <span>
              <span className="mr-2 text-[11px] uppercase tracking-wide text-slate-400">{command.group}</span>
              {command.label}
            </span>
            {command.keys?.[0] ? <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 text-[11px] text-slate-600">{formatCombo(command.keys[0])}</kbd> : null}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
