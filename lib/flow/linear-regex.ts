import { RE2JS } from "re2js";

/** The part of RegExp that user patterns get: a yes/no test, in time linear in the input. */
export interface LinearRegex {
  test(input: string): boolean;
}

const LIMITATION =
  "patterns run on a linear-time engine (RE2), which has no backreferences (\\1, \\k<name>) and no lookahead or lookbehind ((?=, (?!, (?<=, (?<!)";

/** JavaScript's \uXXXX and \u{X} escapes in RE2's spelling (\x{X}); everything else unchanged. */
function toRe2Syntax(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const rest = pattern.slice(i + 1);
    const braced = /^u\{([0-9a-fA-F]{1,6})\}/.exec(rest);
    const fixed = /^u([0-9a-fA-F]{4})/.exec(rest);
    const escape = braced ?? fixed;
    if (escape) {
      out += `\\x{${escape[1]}}`;
      i += escape[0].length;
    } else {
      out += ch + (pattern[i + 1] ?? "");
      i++;
    }
  }
  return out;
}

/**
 * Compiles a user's regular expression (JavaScript syntax, flags i, m, s, u) for RE2, so no
 * pattern can backtrack exponentially on hostile input. Patterns RE2 cannot express throw an
 * error that names the limitation.
 */
export function compileLinearRegex(pattern: string, flags = ""): LinearRegex {
  let re2Flags = 0;
  for (const flag of flags) {
    if (flag === "i") re2Flags |= RE2JS.CASE_INSENSITIVE;
    else if (flag === "m") re2Flags |= RE2JS.MULTILINE;
    else if (flag === "s") re2Flags |= RE2JS.DOTALL;
    // RE2 always matches by code point, as the u flag does; g and y mean nothing to a yes/no test.
    else if (flag !== "u" && flag !== "g" && flag !== "y") throw new Error(`Unsupported regular expression flag "${flag}"`);
  }
  try {
    return RE2JS.compile(toRe2Syntax(pattern), re2Flags);
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, "");
    const unsupported = /invalid escape|unsupported Perl syntax|invalid named capture/.test(reason);
    throw new Error(`Invalid regular expression ${pattern}: ${reason}${unsupported ? ` (${LIMITATION})` : ""}`);
  }
}
