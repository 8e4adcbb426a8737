import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TrpcProviders } from "@/components/providers/trpc";
import { definitionOf } from "@/lib/flow/catalogue";
import { flattenFields } from "@/lib/flow/field-spec";
import { makeEdge, makeGraph, makeNode } from "@/lib/flow/graph-builder";
import { NODE_TYPES, type NodeType } from "@/lib/flow/node-types/index";
import { referenceScope } from "@/lib/flow/reference-scope";
import { createEditorStore, EditorStoreContext } from "../editor-store";
import { NodeFormContext } from "./form-kit";
import { nodeForms } from "./forms";
import { schemaAt } from "./schema-field";

const stripTags = (html: string) => html.replace(/<[^>]*>/g, "").replace(/&[a-z#0-9]+;/g, " ").trim();
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** Every control of the markup with its label text and the text of what describes it. */
function controls(html: string): { tag: string; label: string; help: string }[] {
  const found: { tag: string; label: string; help: string }[] = [];
  for (const match of html.matchAll(/<(input|select|textarea)\b[^>]*>/g)) {
    const tag = match[0];
    const id = attr(tag, "id") ?? "";
    const forLabel = id ? new RegExp(`<label[^>]*for="${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"[^>]*>([\\s\\S]*?)</label>`).exec(html)?.[1] : undefined;
    // A checkbox sits inside its label.
    const before = html.slice(0, match.index);
    const open = before.lastIndexOf("<label");
    const wrapped = open > before.lastIndexOf("</label>") ? stripTags(html.slice(open, html.indexOf("</label>", match.index))) : "";
    const help = (attr(tag, "aria-describedby") ?? "")
      .split(" ")
      .filter(Boolean)
      .map((ref) => stripTags(new RegExp(`<p id="${ref}"[^>]*>([\\s\\S]*?)</p>`).exec(html)?.[1] ?? ""))
      .join("");
    found.push({ tag: tag.slice(0, 120), label: forLabel ? stripTags(forLabel) : wrapped, help });
  }
  return found;
}

function renderForm(type: NodeType, data: Record<string, unknown> = {}): string {
  const node = makeNode(`${type}_1`, type, data as never);
  const graph = makeGraph([makeNode("input_1", "input"), node], type === "input" ? [] : [makeEdge("input_1", node.id)]);
  const store = createEditorStore({ flowId: "flow_1", version: 1, graph });
  const Form = nodeForms[type];
  const form = createElement(Form, { node: { id: node.id, type, data: node.data, position: { x: 0, y: 0 } } as never, update: () => {} });
  const context = { nodeId: node.id, nodeType: type, errors: new Map<string, string>(), scope: referenceScope(graph, node.id) };
  const tree: ReactNode = createElement(
    TrpcProviders,
    null,
    createElement(EditorStoreContext.Provider, { value: store }, createElement(NodeFormContext.Provider, { value: context }, form)),
  );
  return renderToStaticMarkup(tree);
}

/** Settings shown only in some states (a provider model, JSON output, a body), so their fields render too. */
const VARIANTS: Partial<Record<NodeType, Record<string, unknown>>> = {
  agent: { model: "gpt-4o", outputFormat: "json", fallbackModel: "claude-3-5-haiku" },
  router: { model: "openai-compatible", fallbackModel: "gpt-4o-mini" },
  http_request: { method: "POST" },
};

describe("the catalogue's generated forms", () => {
  it.each(NODE_TYPES)("%s: every control has a label and a line of help", (type) => {
    for (const data of [{}, VARIANTS[type] ?? {}]) {
      const found = controls(renderForm(type, data));
      expect(found.length).toBeGreaterThan(0);
      expect(found.filter((c) => !c.label || !c.help)).toEqual([]);
    }
  });

  it.each(NODE_TYPES)("%s: every field spec names a setting of the config schema, with a label and help", (type) => {
    const definition = definitionOf(type);
    for (const { path, field } of flattenFields(definition.fields as never)) {
      expect(field.label, path).not.toBe("");
      expect(field.help, path).not.toBe("");
      expect(schemaAt(definition.dataSchema, path.replace(/#/g, "0")), `${type}: ${path}`).toBeDefined();
    }
  });

  it("shows a field only when its condition holds (the Agent's schema only for JSON output)", () => {
    expect(renderForm("agent")).not.toContain("Output JSON Schema");
    expect(renderForm("agent", { outputFormat: "json" })).toContain("Output JSON Schema");
  });
});
