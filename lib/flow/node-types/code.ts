import { z } from "zod";
import { defineNode } from "../node-definition";

export const codeDataSchema = z.object({
  label: z.string().max(100).default("Code"),
  /** A function body: sees `input` (run inputs), `nodes` (upstream outputs as nodes.<id>.output) and `value` (what arrives); returns JSON. */
  code: z.string().min(1, "Write some code").max(100_000),
  timeoutMs: z.number().int().min(10).max(30_000).default(1_000),
  memoryMb: z.number().int().min(4).max(128).default(32),
});

export const codeNode = defineNode({
  type: "code",
  title: "Code",
  description: "Runs JavaScript in a sandbox (no network, files or host), with time and memory limits",
  group: "Tools",
  inputs: [{ id: "in", label: "value", type: "any" }],
  outputs: [
    { id: "out", label: "result", type: "json" },
    { id: "error", label: "error", type: "json" },
    { id: "tool", label: "as tool", type: "tool" },
  ],
  dataSchema: codeDataSchema,
  defaults: () => ({ label: "Code", code: "return { words: String(value).split(/\\s+/).length };", timeoutMs: 1_000, memoryMb: 32 }),
  summary: (data) => data.code.replace(/\s+/g, " ").slice(0, 60),
  templates: () => ({}),
});
