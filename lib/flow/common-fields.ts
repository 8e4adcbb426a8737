import { findModel, MODELS } from "../models/registry";
import type { ExecutionSettings } from "./execution-settings";
import type { FieldSpec, FormItem, SelectOption } from "./field-spec";

/** Form pieces several node types share: the label, the model settings, reliability. */

export function labelField<T extends { label: string }>(): FieldSpec<T> {
  return { path: "label", label: "Label", help: "The name shown on the canvas card.", widget: "text" };
}

interface ModelData {
  model: string;
  credentialId: string;
  customModel: string;
  fallbackModel: string;
  fallbackCredentialId: string;
}

function modelOptions(current: string, withPrices: boolean): SelectOption[] {
  const known = MODELS.map((m) => ({ value: m.id, label: withPrices ? `${m.label} — $${m.inputUsdPerMTok}/$${m.outputUsdPerMTok} per M tokens` : m.label }));
  return findModel(current) ? known : [{ value: current, label: current || "Pick a model" }, ...known];
}

const providerOf = (id: string) => findModel(id)?.provider ?? "";

/** Model, its credential, the endpoint's model name, then the fallback model and its credential. */
export function modelFields<T extends ModelData>(options: { withPrices: boolean }): { primary: FormItem<T>[]; fallback: FormItem<T>[] } {
  return {
    primary: [
      { path: "model", label: "Model", help: "Who answers. The Simulator is free and needs no API key.", widget: "select", options: (d) => modelOptions(d.model, options.withPrices) },
      {
        path: "credentialId",
        label: "Credential",
        help: "The saved API key this provider is called with.",
        widget: "credential",
        provider: (d) => providerOf(d.model),
        when: (d) => !!findModel(d.model) && providerOf(d.model) !== "simulator",
      },
      {
        path: "customModel",
        label: "Model name on the endpoint",
        help: "The name your OpenAI-compatible server knows the model by.",
        widget: "text",
        placeholder: "e.g. llama3.1:8b",
        when: (d) => providerOf(d.model) === "openai-compatible",
      },
    ],
    fallback: [
      {
        path: "fallbackModel",
        label: "Fallback model",
        help: "Answers instead when this model fails or its circuit is open.",
        widget: "select",
        options: (d) => [{ value: "", label: "None" }, ...MODELS.filter((m) => m.id !== d.model && m.provider !== "openai-compatible").map((m) => ({ value: m.id, label: m.label }))],
      },
      {
        path: "fallbackCredentialId",
        label: "Fallback credential",
        help: "The saved API key for the fallback model's provider.",
        widget: "credential",
        provider: (d) => providerOf(d.fallbackModel),
        when: (d) => !!d.fallbackModel && !!findModel(d.fallbackModel) && providerOf(d.fallbackModel) !== "simulator",
      },
    ],
  };
}

/** Timeout, attempts and escalation (data path `execution`). */
export function reliabilitySection<T extends { execution: ExecutionSettings }>(
  note = "Timeouts, 429s and 5xx are retried with exponential backoff and jitter. Connect the red error port to handle a final failure.",
): FormItem<T> {
  return {
    layout: "section",
    legend: "Reliability",
    fields: [
      {
        layout: "row",
        fields: [
          { path: "execution.timeoutMs", label: "Timeout (s)", help: "One attempt gives up after this long.", widget: "number", scale: 1000, step: 0.1 },
          { path: "execution.retry.attempts", label: "Attempts", help: "Tries in total, the first included.", widget: "number" },
        ],
      },
      { path: "execution.onFailure", label: "On final failure, ask a person", help: "Approve retries the node, Reject fails it.", widget: "checkbox", on: "escalate", off: "fail" },
      { layout: "note", text: note },
    ],
  };
}

/** Run problems of a node's models: unknown, missing credential or endpoint model name, unusable fallback. */
export function modelProblems(use: ModelData): string[] {
  const problems: string[] = [];
  const model = findModel(use.model);
  if (!model) problems.push(`Unknown model "${use.model}"`);
  else if (model.provider !== "simulator" && !use.credentialId) problems.push(`Pick a credential for ${model.label}`);
  if (model?.provider === "openai-compatible" && !use.customModel.trim()) problems.push("Name the endpoint's model");
  if (use.fallbackModel) {
    const fallback = findModel(use.fallbackModel);
    if (!fallback) problems.push(`Unknown fallback model "${use.fallbackModel}"`);
    else if (fallback.provider === "openai-compatible") problems.push("An OpenAI-compatible endpoint cannot be a fallback yet");
    else if (fallback.provider !== "simulator" && !use.fallbackCredentialId) problems.push(`Pick a credential for the fallback ${fallback.label}`);
  }
  return problems;
}
