"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { TextField } from "@/components/ui/text-field";

export function SignUpForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const fieldErrors = (signUp.error?.data?.zodError?.fieldErrors ?? {}) as Partial<Record<"name" | "email" | "password", string[]>>;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { name: String(form.get("name")), email: String(form.get("email")), password: String(form.get("password")) };
    setError(null);
    try {
      await signUp.mutateAsync(input);
    } catch (e) {
      if (!(e as { data?: { zodError?: unknown } }).data?.zodError) setError((e as Error).message);
      return;
    }
    const result = await signIn("credentials", { redirect: false, email: input.email, password: input.password });
    if (!result || result.error) {
      setError("Your account was created but signing in failed. Try signing in.");
      return;
    }
    router.push("/flows");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <h1 className="text-xl font-semibold">Create your account</h1>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <TextField label="Name" name="name" autoComplete="name" required error={fieldErrors.name?.[0]} />
      <TextField label="Email" name="email" type="email" autoComplete="email" required error={fieldErrors.email?.[0]} />
      <TextField label="Password" name="password" type="password" autoComplete="new-password" required hint="At least 8 characters" error={fieldErrors.password?.[0]} />
      <Button type="submit" className="w-full" disabled={signUp.isPending}>
        {signUp.isPending ? "Creating account…" : "Sign up"}
      </Button>
      <p className="text-sm text-slate-600">
        Already have an account?{" "}
        <Link className="font-medium text-indigo-700 hover:underline" href="/sign-in">
          Sign in
        </Link>
      </p>
    </form>
  );
}
