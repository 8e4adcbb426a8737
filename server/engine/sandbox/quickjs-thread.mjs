// Runs one piece of untrusted JavaScript inside QuickJS (WebAssembly) in its own thread. The guest
// sees only the JSON scope it is given: no require, process, fs, network or host objects.
import { parentPort, workerData } from "node:worker_threads";
import { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC, shouldInterruptAfterDeadline } from "quickjs-emscripten";

const { code, scopeJson, timeoutMs, memoryBytes } = workerData;

// QuickJS's own limit does not stop every allocation pattern from growing the WebAssembly memory
// (a loop of large String.repeat calls reached 2 GB), so the memory itself gets a hard maximum:
// the module's initial 16 MB, the guest's allowance, and room for allocator overhead.
const PAGE = 65_536;
const INITIAL_BYTES = 16 * 1024 * 1024;
const HEADROOM_BYTES = 8 * 1024 * 1024;
const wasmMemory = new WebAssembly.Memory({ initial: INITIAL_BYTES / PAGE, maximum: Math.ceil((INITIAL_BYTES + memoryBytes + HEADROOM_BYTES) / PAGE) });

function errorText(dumped) {
  if (dumped && typeof dumped === "object") return `${dumped.name ?? "Error"}: ${dumped.message ?? "(no message)"}`;
  return String(dumped);
}

function failure(text) {
  if (/interrupted/i.test(text)) return { ok: false, kind: "timeout", message: text };
  if (/out of memory|OOM|Aborted\(|memory access out of bounds/i.test(text)) return { ok: false, kind: "memory", message: text };
  return { ok: false, kind: "error", message: text };
}

const notJson = (message) => ({ ok: false, kind: "result", message });

/** The guest's value as JSON text, using the JSON.stringify captured before the guest ran. */
function serialize(vm, stringify, handle) {
  const type = vm.typeof(handle);
  if (type === "undefined") return { ok: true, json: "null" };
  if (type === "function" || type === "symbol" || type === "bigint") return notJson(`got ${type === "function" ? "a function" : `a ${type}`}`);
  const result = vm.callFunction(stringify, vm.undefined, handle);
  if (result.error) {
    const text = errorText(vm.dump(result.error));
    result.error.dispose();
    const failed = failure(text);
    return failed.kind === "error" ? notJson(text) : failed;
  }
  try {
    if (vm.typeof(result.value) !== "string") return notJson("got an object with no JSON form (its toJSON returned nothing)");
    return { ok: true, json: vm.getString(result.value) };
  } finally {
    result.value.dispose();
  }
}

function run(QuickJS) {
  const runtime = QuickJS.newRuntime();
  runtime.setMemoryLimit(memoryBytes);
  runtime.setMaxStackSize(512 * 1024);
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + timeoutMs));
  const vm = runtime.newContext();
  try {
    const json = vm.getProp(vm.global, "JSON");
    const stringify = vm.getProp(json, "stringify");
    json.dispose();
    const scopeHandle = vm.newString(scopeJson);
    vm.setProp(vm.global, "__scope", scopeHandle);
    scopeHandle.dispose();
    const wrapped = `"use strict";
const { input, nodes, value } = JSON.parse(__scope);
(function () {\n${code}\n})();`;
    const result = vm.evalCode(wrapped, "code-node.js");
    if (result.error) {
      const text = errorText(vm.dump(result.error));
      result.error.dispose();
      stringify.dispose();
      return failure(text);
    }
    const reply = serialize(vm, stringify, result.value);
    result.value.dispose();
    stringify.dispose();
    return reply;
  } finally {
    try {
      vm.dispose();
      runtime.dispose();
    } catch {
      // a guest that exhausted memory can leave the runtime undisposable; the thread ends anyway
    }
  }
}

let reply;
try {
  const QuickJS = await newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmMemory }));
  reply = run(QuickJS);
} catch (error) {
  reply = failure(String(error?.message ?? error));
}
parentPort.postMessage(reply);
