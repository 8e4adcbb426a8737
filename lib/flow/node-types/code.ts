import { z } from "zod";
import { labelField } from "../common-fields";
import { RUN_ONCE } from "../execution-settings";
import { defineToolNode } from "../node-definition";

export const codeDataSchema = z.object({
  label: z.string().max(100).default("Code"),
  /** A function body: sees `input` (run inputs), `nodes` (upstream outputs as nodes.<id>.output) and `value` (what arrives); returns JSON. */
  code: z.string().min(1, "Write some code").max(100_000),
  timeoutMs: z.number().int().min(10).max(30_000).default(1_000),
  memoryMb: z.number().int().min(4).max(128).default(32),
});

export const codeNode = defineToolNode({
  type: "code",
  title: "Code",
  description: "Runs JavaScript in a sandbox (no network, files or host), with time and memory limits",
  group: "Tools",
  icon: "{}",
  inputs: [{ id: "in", label: "value", type: "any" }],
  outputs: [
    { id: "out", label: "result", type: "json" },
    { id: "error", label: "error", type: "json" },
    { id: "tool", label: "as tool", type: "tool" },
  ],
  dataSchema: codeDataSchema,
  defaults: () => ({ label: "Code", code: "return { words: String(value).split(/\\s+/).length };", timeoutMs: 1_000, memoryMb: 32 }),
  fields: [
    labelField(),
    {
      path: "code",
      label: "JavaScript (function body, return a JSON value)",
      help: "Runs in a sandbox without network, files or host.",
      widget: "code",
      rows: 8,
      scope: ["input", "value"],
      upstreamAs: "nodes",
    },
    {
      layout: "row",
      fields: [
        { path: "timeoutMs", label: "Time limit (ms)", help: "The code is stopped after this long.", widget: "number" },
        { path: "memoryMb", label: "Memory limit (MB)", help: "The code is stopped if it needs more.", widget: "number" },
      ],
    },
  ],
  card: { showOutput: true },
  // The sandbox enforces the code's own limit; the node's timeout leaves room to start the sandbox.
  execution: (data) => ({ ...RUN_ONCE, timeoutMs: data.timeoutMs + 10_000 }),
  tool: {
    description: (data) => `${data.label}: runs a JavaScript function on the given input value and returns its result`,
    inputSchema: { type: "object", properties: { input: { description: "The value the code receives as `value`" } } },
    scriptedArgs: (_data, prompt) => ({ input: prompt }),
    bind: (data, args) => ({ data, incoming: [args.input ?? null] }),
  },
  summary: (data) => data.code.replace(/\s+/g, " ").slice(0, 60),
  templates: () => ({}),
});
