import { renderTemplate } from "@/lib/flow/templates";
import type { NodeHandler } from "../handler-types";

export const runPromptTemplateNode: NodeHandler<"prompt_template"> = async ({ node, runInputs, outputs }) => ({
  output: renderTemplate(node.data.template, { inputs: runInputs, outputs }),
});
