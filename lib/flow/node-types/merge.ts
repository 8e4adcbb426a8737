import { z } from "zod";
import { labelField } from "../common-fields";
import { defineNode } from "../node-definition";

export const mergeDataSchema = z.object({
  label: z.string().max(100).default("Merge"),
  /**
   * all: wait for every branch and output the list of values that arrived; any: continue with the
   * first to arrive (the others finish, unused); first: a race, the others are cancelled.
   */
  join: z.enum(["all", "any", "first"]).default("all"),
});

export const mergeNode = defineNode({
  type: "merge",
  title: "Merge",
  description: "Joins branches: wait for all of them, or continue with the first",
  group: "Control",
  icon: "⋈",
  inputs: [{ id: "in", label: "branches", type: "any" }],
  outputs: [{ id: "out", label: "merged", type: "any" }],
  dataSchema: mergeDataSchema,
  defaults: (): z.infer<typeof mergeDataSchema> => ({ label: "Merge", join: "all" }),
  fields: [
    labelField(),
    {
      path: "join",
      label: "Join",
      help: "How the branches come together.",
      widget: "select",
      options: () => [
        { value: "all", label: "All: wait for every branch, output the list of values" },
        { value: "any", label: "Any: continue with the first branch to arrive (the others finish)" },
        { value: "first", label: "First: a race; the other branches are cancelled" },
      ],
    },
  ],
  startsOnFirstInput: (data) => data.join !== "all",
  cancelsSlowerInputs: (data) => data.join === "first",
  inline: true,
  summary: (data) => ({ all: "Waits for every branch", any: "Continues with the first branch", first: "First branch wins, the rest are cancelled" })[data.join],
  templates: () => ({}),
});
