import type { ComponentType } from "react";
import { NODE_TYPES, type NodeType } from "@/lib/flow/node-types/index";
import type { InspectorFormProps } from "./form-types";
import { GeneratedForm } from "./generated-form";
import { SubflowForm } from "./subflow-form";

/** A node type whose form needs more than its definition gives goes here; every other form is generated. */
const customForms: { [K in NodeType]?: ComponentType<InspectorFormProps<K>> } = {
  // Lists the chosen flow's own run inputs, which only the server knows.
  subflow: SubflowForm,
};

/** The settings form of each node type, built once (a component chosen during render would remount). */
export const nodeForms = Object.fromEntries(NODE_TYPES.map((type) => [type, customForms[type] ?? GeneratedForm])) as Record<NodeType, ComponentType<InspectorFormProps<NodeType>>>;
