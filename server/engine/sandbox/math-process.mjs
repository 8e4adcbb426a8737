// Evaluates Calculator expressions (mathjs) for the worker, one at a time, in a process of its own:
// the worker kills it when an expression overstays, and a V8 out-of-memory abort (which a worker
// thread's resourceLimits cannot always contain) ends only this process.
import { all, create } from "mathjs";

// Functions that change the shared instance, define units or types, or parse strings into code.
// Refused wherever they are named in an expression (mathjs security guidance).
const DENIED = new Set([
  "config", "import", "create", "factory", "typed", "createUnit", "reviver", "replacer",
  "on", "off", "once", "emit",
  "evaluate", "parse", "compile", "parser", "Parser", "resolve", "simplify", "simplifyConstant", "simplifyCore",
  "derivative", "rationalize", "leafCount", "symbolicEqual", "chain", "Chain", "help", "Help",
]);
const MAX_RESULT_CHARS = 1_000_000;

const math = create(all);
const parse = math.parse.bind(math);
const refuse = (name) => {
  throw new Error(`${name} is not available in the Calculator`);
};
// Second line of defence: the instance's own parsing functions are gone too.
math.import(Object.fromEntries(["import", "createUnit", "evaluate", "parse", "simplify", "derivative", "resolve", "compile"].map((n) => [n, () => refuse(n)])), { override: true });
const pristineConfig = JSON.stringify(math.config());

function evaluate(expression) {
  const tree = parse(expression);
  tree.traverse((node) => {
    if (node.isSymbolNode && DENIED.has(node.name)) refuse(node.name);
  });
  const result = tree.compile().evaluate(new Map());
  if (typeof result === "number" || typeof result === "boolean") return result;
  const text = typeof result === "string" ? result : math.format(result, { precision: 14 });
  if (text.length > MAX_RESULT_CHARS) throw new Error(`the result is longer than ${MAX_RESULT_CHARS} characters`);
  return text;
}

process.on("message", (message) => {
  const { id, expression } = message ?? {};
  let reply;
  try {
    reply = { id, ok: true, value: evaluate(String(expression)) };
  } catch (error) {
    reply = { id, ok: false, message: String(error?.message ?? error) };
  }
  // Nothing an expression does may leak into the next tenant's evaluation; if it did, start afresh.
  const tampered = JSON.stringify(math.config()) !== pristineConfig;
  if (tampered) reply = { id, ok: false, message: "the expression changed the calculator's configuration" };
  process.send(reply, () => {
    if (tampered) process.exit(1);
  });
});
process.on("disconnect", () => process.exit(0));
process.send({ ready: true });
