"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { versionMessageSchema } from "@/lib/flow/versions";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Notice } from "@/components/ui/notice";
import { TextField } from "@/components/ui/text-field";
import type { Autosaver } from "./autosaver";

/** "Save version": the canvas as a named, immutable version. */
export function SaveVersionDialog({ open, onClose, autosaver, flowId }: { open: boolean; onClose: () => void; autosaver: Autosaver; flowId: string }) {
  return (
    <Dialog open={open} title="Save version" onClose={onClose}>
      {/* Mounted only while open, so each opening starts with an empty form. */}
      {open ? <SaveVersionForm onClose={onClose} autosaver={autosaver} flowId={flowId} /> : null}
    </Dialog>
  );
}

function SaveVersionForm({ onClose, autosaver, flowId }: { onClose: () => void; autosaver: Autosaver; flowId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const saveVersion = useMutation(trpc.flow.saveVersion.mutationOptions());
  const [message, setMessage] = useState("");
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const parsed = versionMessageSchema.safeParse(message);
  const fieldError = touched && !parsed.success ? (parsed.error.issues[0]?.message ?? null) : null;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (!parsed.success) return;
    setError(null);
    try {
      await autosaver.commit(({ revision, graph }) => saveVersion.mutateAsync({ flowId, graph, baseRevision: revision, message: parsed.data }), { flushFirst: false });
      await queryClient.invalidateQueries(trpc.flow.versions.pathFilter());
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="space-y-3" noValidate>
      <TextField
        label="Message"
        placeholder="What changed? e.g. Shorter system prompt"
        autoFocus
        maxLength={200}
        value={message}
        error={fieldError}
        hint="Versions are kept for good; you can compare with and restore any of them."
        onChange={(e) => setMessage(e.target.value)}
      />
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" disabled={saveVersion.isPending}>
          {saveVersion.isPending ? "Saving…" : "Save version"}
        </Button>
      </div>
    </form>
  );
}
