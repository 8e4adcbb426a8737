// Runs one piece of untrusted JavaScript inside QuickJS (WebAssembly) in its own thread. The guest
// sees only the JSON scope it is given: no require, process, fs, network or host objects.
import { parentPort, workerData } from "node:worker_threads";
import { getQuickJS, shouldInterruptAfterDeadline } from "quickjs-emscripten";

const { code, scope, timeoutMs, memoryBytes } = workerData;

function errorText(dumped) {
  if (dumped && typeof dumped === "object") return `${dumped.name ?? "Error"}: ${dumped.message ?? JSON.stringify(dumped)}`;
  return String(dumped);
}

const QuickJS = await getQuickJS();
const runtime = QuickJS.newRuntime();
runtime.setMemoryLimit(memoryBytes);
runtime.setMaxStackSize(512 * 1024);
runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + timeoutMs));
const vm = runtime.newContext();
try {
  const scopeHandle = vm.newString(JSON.stringify(scope));
  vm.setProp(vm.global, "__scope", scopeHandle);
  scopeHandle.dispose();
  const wrapped = `"use strict";
const { input, nodes, value } = JSON.parse(__scope);
const __result = (function () {\n${code}\n})();
__result === undefined ? "null" : JSON.stringify(__result);`;
  const result = vm.evalCode(wrapped, "code-node.js");
  if (result.error) {
    const dumped = vm.dump(result.error);
    result.error.dispose();
    const text = errorText(dumped);
    const interrupted = /interrupted/i.test(text);
    const oom = /out of memory/i.test(text) || /memory/i.test(text) && /alloc/i.test(text);
    parentPort.postMessage({ ok: false, kind: interrupted ? "timeout" : oom ? "memory" : "error", message: text });
  } else {
    const json = vm.getString(result.value);
    result.value.dispose();
    parentPort.postMessage({ ok: true, json });
  }
} catch (error) {
  parentPort.postMessage({ ok: false, kind: /memory/i.test(String(error)) ? "memory" : "error", message: String(error?.message ?? error) });
} finally {
  try {
    vm.dispose();
    runtime.dispose();
  } catch {
    // a guest that exhausted memory can leave the runtime undisposable; the thread ends anyway
  }
}
