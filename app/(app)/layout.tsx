import Link from "next/link";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { authOptions } from "@/server/auth/options";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await getServerSession(authOptions);
  if (!session?.user) redirect("/sign-in");
  return (
    <div className="flex h-screen flex-col">
      <header className="flex h-12 shrink-0 items-center justify-between border-b border-slate-200 bg-white px-4">
        <Link href="/flows" className="font-bold tracking-tight text-indigo-700">
          ♪ Orchestra
        </Link>
        <div className="flex items-center gap-3 text-sm text-slate-600">
          <Link href="/flows" className="hover:text-indigo-700">
            Flows
          </Link>
          <Link href="/runs" className="hover:text-indigo-700">
            Runs
          </Link>
          <Link href="/settings/credentials" className="hover:text-indigo-700">
            Credentials
          </Link>
          <span data-testid="signed-in-as">{session.user.email}</span>
          <SignOutButton />
        </div>
      </header>
      <div className="min-h-0 flex-1">{children}</div>
    </div>
  );
}
