import { describe, expect, it } from "vitest";
import { makeEdge, makeGraph, makeNode } from "@/lib/flow/graph-builder";
import { insertReference, openReferenceAt, referenceScope, templateIssues } from "@/lib/flow/reference-scope";
import { renderTemplate, scanTemplate, templateReferences } from "@/lib/flow/templates";
import { validateForRun } from "@/lib/flow/validate-for-run";
import { promptTokensIn } from "@/server/services/run-estimate";

/**
 * Attack: a template that made the former `/\{\{\s*([^{}]*?)\s*\}\}/g` backtrack super-linearly
 * (`{{` and spaces with no closing braces: 3,200 characters took 23 s, 50,000 would take hours),
 * sent through run.start / run.estimate (viewer role) or opened in a colleague's editor, where it
 * blocks the web server's or the browser's only thread.
 * Containment: every function that reads `{{…}}` scans linearly, so each pathological template
 * is parsed, validated, rendered and autocompleted and returns (bounded by the test timeout; no
 * duration is asserted).
 */
const BOUND = { timeout: 10_000 };
const SIZE = 50_000;

const pathological: Record<string, string> = {
  "{{ and spaces, never closed": `{{${" ".repeat(SIZE)}`,
  "{{ and spaces, then one }": `{{${" ".repeat(SIZE)}}`,
  "{{ and text, then a lone }": `{{ input.${"a".repeat(SIZE)} }`,
  "many {{ without a close": "{{ ".repeat(SIZE / 3),
  "only opening braces": "{".repeat(SIZE),
  "nested braces": `${"{{".repeat(SIZE / 4)}${"}".repeat(SIZE / 2)}`,
  "braces around spaces": `{{ ${"{ ".repeat(SIZE / 2)}}}`,
  "closed references between unclosed ones": "{{ input.topic }} {{    ".repeat(SIZE / 25),
};

function graphWith(prompt: string) {
  return makeGraph(
    [makeNode("input_1", "input"), makeNode("agent_1", "agent", { userPrompt: prompt, systemPrompt: prompt }), makeNode("output_1", "output", { value: prompt })],
    [makeEdge("input_1", "agent_1"), makeEdge("agent_1", "output_1")],
  );
}

/** The rendered text, or the error a reference the scope lacks gives (`{{}}` in the nested case). */
function renderOutcome(template: string): string {
  try {
    return `rendered ${renderTemplate(template, { inputs: { topic: "bees" }, outputs: {} }).length}`;
  } catch (error) {
    return (error as Error).message;
  }
}

describe("{{…}} parsing is linear", () => {
  // First a size the former regex needed about a minute for, so the suite fails rather than hangs without the fix.
  it("a 4,000-character `{{` with spaces is scanned", BOUND, () => {
    expect(scanTemplate(`{{${" ".repeat(4_000)}`)).toEqual([]);
  });

  for (const [name, template] of Object.entries(pathological)) {
    it(`${name} (${template.length} chars): scanned, validated, rendered, estimated and autocompleted`, BOUND, () => {
      expect(Array.isArray(templateReferences(template))).toBe(true);
      expect(renderOutcome(template)).toMatch(/^(rendered|Unknown reference \{\{)/);
      const graph = graphWith(template);
      expect(Array.isArray(validateForRun(graph))).toBe(true);
      expect(Array.isArray(templateIssues(template, referenceScope(graph, "agent_1")))).toBe(true);
      expect(promptTokensIn(template, { topic: "bees" }, new Map())).toBeGreaterThan(0);
      const open = openReferenceAt(template, template.length);
      if (open) expect(insertReference(template, template.length, open, "input.topic").text).toContain("{{input.topic}}");
    });
  }

  it("keeps meaning on the pathological inputs: unclosed braces are left as text", BOUND, () => {
    expect(renderTemplate(pathological["{{ and spaces, never closed"] as string, { inputs: {}, outputs: {} })).toBe(`{{${" ".repeat(SIZE)}`);
    expect(scanTemplate(pathological["closed references between unclosed ones"] as string)).toHaveLength(SIZE / 25);
  });
});
