/** A key combination: `mod` is Ctrl, or Cmd on a Mac. */
export interface KeyCombo {
  key: string;
  mod?: boolean;
  shift?: boolean;
  alt?: boolean;
}

export function isMac(): boolean {
  return typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
}

export function matches(combo: KeyCombo, event: KeyboardEvent): boolean {
  const mod = event.ctrlKey || event.metaKey;
  if (!!combo.mod !== mod || !!combo.alt !== event.altKey) return false;
  // "?" is typed with Shift on most layouts; compare the produced character for symbols.
  if (combo.key.length === 1 && !/[a-z0-9]/i.test(combo.key)) return event.key === combo.key;
  if (!!combo.shift !== event.shiftKey) return false;
  return event.key.toLowerCase() === combo.key.toLowerCase();
}

const NAMES: Record<string, string> = { Delete: "Del", Backspace: "⌫", Escape: "Esc", Enter: "Enter" };

export function formatCombo(combo: KeyCombo): string {
  const mac = isMac();
  const parts = [combo.mod ? (mac ? "⌘" : "Ctrl") : null, combo.alt ? (mac ? "⌥" : "Alt") : null, combo.shift ? "Shift" : null, NAMES[combo.key] ?? combo.key.toUpperCase()];
  return parts.filter(Boolean).join(mac ? "" : "+");
}

/** True when the key press belongs to a text field, not to the canvas. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT";
}
