import { setImmediate as yieldToLoop } from "node:timers/promises";
import jsonata from "jsonata";
import { RE2JS } from "re2js";
import { NodeError } from "../node-error";

/**
 * JSONata over untrusted expressions and data, in the worker's own thread, contained by:
 * - size: expressions over 10,000 characters are refused unparsed; the input is at most 1 MB of
 *   JSON; every intermediate string is at most 1,000,000 characters and every sequence at most
 *   100,000 items, and all steps together produce at most 20 million characters and items
 *   (checked after each evaluation step); the result is at most 1 MB of JSON;
 *   `$pad` and `$join`, which can build a large string in one call, check the length first;
 * - time: JSONata's own guardrails (a deadline checked at every step, a depth limit), the run's
 *   abort signal, and a yield to the event loop every few milliseconds so queue locks keep renewing;
 * - regular expressions run on RE2 (re2js, linear time): no catastrophic backtracking;
 * - `$eval` (an expression built at run time) is not available.
 */
export const JSONATA_LIMITS = {
  expressionChars: 10_000,
  inputBytes: 1_000_000,
  resultBytes: 1_000_000,
  stringChars: 1_000_000,
  /** Characters and items all steps of one evaluation may produce together (bounds memory growth). */
  producedTotal: 20_000_000,
  sequence: 100_000,
  depth: 300,
  timeoutMs: 2_000,
} as const;

const YIELD_EVERY_MS = 5;

/** The RegExp subset JSONata uses (`lastIndex`, `exec`), backed by RE2. */
class Re2RegExp {
  lastIndex = 0;
  private readonly re: RE2JS;

  constructor(source: RegExp | string) {
    const pattern = typeof source === "string" ? source : source.source;
    const flags = typeof source === "string" ? "" : source.flags;
    let options = 0;
    if (flags.includes("i")) options |= RE2JS.CASE_INSENSITIVE;
    if (flags.includes("m")) options |= RE2JS.MULTILINE;
    if (flags.includes("s")) options |= RE2JS.DOTALL;
    try {
      this.re = RE2JS.compile(pattern, options);
    } catch (error) {
      throw new NodeError("client_error", `Regular expression /${pattern}/ is not supported: ${(error as Error).message} (backreferences and lookarounds are not available)`);
    }
  }

  exec(text: string): RegExpExecArray | null {
    const matcher = this.re.matcher(text);
    if (this.lastIndex > text.length || !matcher.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const groups: string[] = [];
    for (let i = 0; i <= matcher.groupCount(); i++) groups.push(matcher.group(i) ?? (undefined as unknown as string));
    const match = Object.assign(groups, { index: matcher.start(), input: text }) as unknown as RegExpExecArray;
    this.lastIndex = matcher.end();
    return match;
  }
}

function tooBig(what: string): NodeError {
  return new NodeError("client_error", `${what} is too large for a JSONata expression`);
}

function codePoints(text: string): string[] {
  return Array.from(text);
}

/** `$pad` with the width checked before the string is built. */
function pad(text: unknown, width: number, char?: string): string | undefined {
  if (text === undefined) return undefined;
  if (!Number.isFinite(width) || Math.abs(width) > JSONATA_LIMITS.stringChars) throw tooBig(`$pad to ${width} characters`);
  const str = String(text);
  const fill = codePoints(char === undefined || char === "" ? " " : char);
  const missing = Math.abs(Math.trunc(width)) - codePoints(str).length;
  if (missing <= 0) return str;
  const unit = fill.join("");
  const padding = fill.length === 1 ? unit.repeat(missing) : codePoints(unit.repeat(Math.ceil(missing / fill.length))).slice(0, missing).join("");
  return width > 0 ? str + padding : padding + str;
}

/** `$join` with the joined length checked before the string is built. */
function join(values: unknown, separator?: string): string | undefined {
  if (values === undefined) return undefined;
  const list = (Array.isArray(values) ? values : [values]).map((v) => {
    if (typeof v !== "string") throw new NodeError("client_error", "$join takes an array of strings");
    return v;
  });
  const sep = separator ?? "";
  const length = list.reduce((sum, s) => sum + s.length, 0) + sep.length * Math.max(0, list.length - 1);
  if (length > JSONATA_LIMITS.stringChars) throw tooBig(`$join of ${length} characters`);
  return list.join(sep);
}

function refused(): never {
  throw new NodeError("client_error", "$eval is not available here");
}

export function jsonByteLength(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");
}

/** JSONata's errors carry a code and a position; say them as a sentence. */
function describe(error: unknown): string {
  if (error instanceof Error && !(error as { code?: unknown }).code) return error.message;
  const e = error as { code?: string; message?: string; position?: number; token?: string };
  if (e.code === "D1012") return `took longer than ${JSONATA_LIMITS.timeoutMs} ms`;
  if (e.code === "D1011") return `nested deeper than ${JSONATA_LIMITS.depth} levels`;
  if (e.code === "D2015") return `built a sequence of more than ${JSONATA_LIMITS.sequence} items`;
  return `${e.message ?? String(error)}${e.position !== undefined ? ` (at character ${e.position})` : ""}`;
}

export interface JsonataRequest {
  expression: string;
  input: unknown;
  /** Variables the expression sees as $name. */
  bindings: Record<string, unknown>;
  signal: AbortSignal;
}

export async function evaluateJsonata(req: JsonataRequest): Promise<unknown> {
  if (req.expression.length > JSONATA_LIMITS.expressionChars) throw tooBig(`An expression of ${req.expression.length} characters`);
  let expression: jsonata.Expression;
  try {
    expression = jsonata(req.expression, {
      timeout: JSONATA_LIMITS.timeoutMs,
      stack: JSONATA_LIMITS.depth,
      sequence: JSONATA_LIMITS.sequence,
      RegexEngine: Re2RegExp as unknown as RegExpConstructor,
    });
  } catch (error) {
    throw new NodeError("client_error", `Cannot parse "${req.expression.slice(0, 80)}": ${describe(error)}`);
  }
  let lastYield = Date.now();
  expression.assign(Symbol.for("jsonata.__evaluate_entry") as unknown as string, async () => {
    if (req.signal.aborted) throw req.signal.reason instanceof Error ? req.signal.reason : new Error("Aborted");
    if (Date.now() - lastYield >= YIELD_EVERY_MS) {
      await yieldToLoop();
      lastYield = Date.now();
    }
  });
  let produced = 0;
  expression.assign(Symbol.for("jsonata.__evaluate_exit") as unknown as string, (_expr: unknown, _input: unknown, _env: unknown, result: unknown) => {
    if (typeof result === "string") {
      if (result.length > JSONATA_LIMITS.stringChars) throw tooBig(`A string of ${result.length} characters`);
      produced += result.length;
    } else if (Array.isArray(result)) {
      if (result.length > JSONATA_LIMITS.sequence) throw tooBig(`A list of ${result.length} items`);
      produced += result.length;
    }
    if (produced > JSONATA_LIMITS.producedTotal) throw tooBig(`What the expression builds (over ${JSONATA_LIMITS.producedTotal} characters and items)`);
  });
  let result: unknown;
  try {
    result = await expression.evaluate(req.input, { ...req.bindings, pad, join, eval: refused });
  } catch (error) {
    if (error instanceof NodeError) throw error;
    if (req.signal.aborted) throw error;
    throw new NodeError("client_error", `"${req.expression.slice(0, 80)}" failed: ${describe(error)}`);
  }
  if (jsonByteLength(result) > JSONATA_LIMITS.resultBytes) throw tooBig("The result");
  return result;
}
