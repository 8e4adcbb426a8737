/**
 * Where JSON text first goes wrong, in words a person can act on. JSON.parse's messages differ
 * between engines and often omit the position, so this walks the text itself (iteratively, so
 * deep nesting cannot overflow the stack). Only called after JSON.parse has failed.
 */
export interface JsonSyntaxError {
  /** Offset into the text (0-based). */
  position: number;
  message: string;
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

function shown(c: string): string {
  return c === "\n" ? "a line break" : `'${c}'`;
}

type State = "value" | "valueOrClose" | "key" | "keyOrClose" | "after";

export function locateJsonError(text: string): JsonSyntaxError | null {
  let i = 0;
  const stack: ("{" | "[")[] = [];
  let lastComma = -1;
  let state: State = "value";
  const fail = (message: string, position = i): JsonSyntaxError => ({ position, message });
  /** Only whitespace since the last comma: the text is at a trailing comma. */
  const afterComma = () => lastComma >= 0 && text.slice(lastComma + 1, i).trim() === "";

  /** Reads a string starting at the quote under `i`; returns an error or null. */
  function readString(): JsonSyntaxError | null {
    const start = i;
    i++;
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return null;
      }
      if (c === "\\") {
        const next = text[i + 1];
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return fail("\\u must be followed by four hex digits");
          i += 6;
        } else if (next !== undefined && ESCAPES.has(next)) {
          i += 2;
        } else {
          return fail(`Unknown escape \\${next ?? ""} in a string`);
        }
        continue;
      }
      if (c.charCodeAt(0) < 0x20) return fail(c === "\n" ? "A string cannot span lines: close it with \" or write \\n" : "Control character inside a string");
      i++;
    }
    return fail("This string is never closed with \"", start);
  }

  for (;;) {
    while (i < text.length && WHITESPACE.has(text[i] as string)) i++;
    const c = text[i];
    const top = stack.at(-1);
    const closer = top === "{" ? "}" : "]";

    if (state === "value" || state === "valueOrClose") {
      if (c === undefined) return fail("The text ends where a value was expected");
      if (c === "]" && state === "valueOrClose") {
        stack.pop();
        i++;
        state = "after";
      } else if (c === "]" || c === "}") {
        return afterComma() ? fail(`Remove the trailing comma before '${c}'`, lastComma) : fail(state === "valueOrClose" ? `Expected a value or ']', found '${c}'` : `Unexpected '${c}': expected a value`);
      } else if (c === "{") {
        stack.push("{");
        i++;
        state = "keyOrClose";
      } else if (c === "[") {
        stack.push("[");
        i++;
        state = "valueOrClose";
      } else if (c === '"') {
        const error = readString();
        if (error) return error;
        state = "after";
      } else if (c === "'") {
        return fail("Text needs double quotes (\"), not single quotes");
      } else {
        NUMBER.lastIndex = i;
        const word = /^[A-Za-z]+/.exec(text.slice(i, i + 20))?.[0];
        if (NUMBER.exec(text)) {
          i = NUMBER.lastIndex;
          state = "after";
        } else if (word === "true" || word === "false" || word === "null") {
          i += word.length;
          state = "after";
        } else if (word) {
          return fail(`Unexpected word "${word}": text values need double quotes`);
        } else {
          return fail(`Unexpected ${shown(c)}: expected a value`);
        }
      }
      continue;
    }

    if (state === "key" || state === "keyOrClose") {
      if (c === undefined) return fail("The text ends where a property name was expected");
      if (c === "}" && state === "keyOrClose") {
        stack.pop();
        i++;
        state = "after";
        continue;
      }
      if (c === "}" && afterComma()) return fail("Remove the trailing comma before '}'", lastComma);
      if (c !== '"') return fail(c === "'" ? "Property names need double quotes (\"), not single quotes" : `Expected a property name in double quotes, found ${shown(c)}`);
      const error = readString();
      if (error) return error;
      while (i < text.length && WHITESPACE.has(text[i] as string)) i++;
      if (text[i] !== ":") return fail(text[i] === undefined ? "The text ends where ':' was expected" : `Expected ':' after the property name, found ${shown(text[i] as string)}`);
      i++;
      state = "value";
      continue;
    }

    // After a complete value.
    if (!top) return c === undefined ? null : fail(`Unexpected ${shown(c)} after the end of the JSON`);
    if (c === undefined) return fail(`The text ends too early: expected ',' or '${closer}'`);
    if (c === ",") {
      lastComma = i;
      i++;
      state = top === "{" ? "key" : "value";
    } else if (c === closer) {
      stack.pop();
      i++;
    } else {
      return fail(`Expected ',' or '${closer}', found ${shown(c)}${c === '"' ? " (a comma is missing)" : ""}`);
    }
  }
}
