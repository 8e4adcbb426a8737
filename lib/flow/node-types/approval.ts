import { z } from "zod";
import { labelField } from "../common-fields";
import { defineNode } from "../node-definition";

export const approvalDataSchema = z.object({
  label: z.string().max(100).default("Approval"),
  /** What the approver is asked; may reference upstream outputs. */
  message: z.string().max(10_000).default(""),
});

export const approvalNode = defineNode({
  type: "approval",
  title: "Human approval",
  description: "Pauses the run until someone approves or rejects; holds no worker while waiting",
  group: "Control",
  icon: "⚑",
  inputs: [{ id: "in", label: "value", type: "any" }],
  outputs: [
    { id: "approved", label: "approved", type: "any" },
    { id: "rejected", label: "rejected", type: "any" },
  ],
  dataSchema: approvalDataSchema,
  defaults: () => ({ label: "Approval", message: "Approve this result?" }),
  fields: [
    labelField(),
    { path: "message", label: "Question for the approver", help: "Shown with Approve and Reject; may hold {{references}}.", widget: "template", rows: 3 },
    { layout: "note", text: "The run pauses here without holding a worker. Approve or reject on the canvas; the value continues down that port." },
  ],
  decision: true,
  summary: (data) => data.message.replace(/\s+/g, " ").slice(0, 60) || "Waits for a decision",
  templates: (data) => ({ message: data.message }),
});
