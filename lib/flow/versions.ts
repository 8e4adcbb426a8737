import { z } from "zod";

/** What a person writes when saving a version: the form and the API check it the same way. */
export const versionMessageSchema = z.string().trim().min(1, "Say what this version is").max(200, "At most 200 characters");

/** Messages of the versions Orchestra saves by itself, so the list says why each exists. */
export const autoVersionMessage = {
  run: "Saved for run",
  restored: (version: number) => `Restored version ${version}`,
  beforeRestore: (version: number) => `Autosaved before restoring version ${version}`,
  beforeApiSave: "Autosaved before a save through the API",
} as const;
