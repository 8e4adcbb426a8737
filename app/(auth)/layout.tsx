import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm space-y-6 rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <div>
          <p className="text-lg font-bold tracking-tight text-indigo-700">♪ Orchestra</p>
          <p className="text-sm text-slate-500">Multi-agent workflows you can watch</p>
        </div>
        {children}
      </div>
    </main>
  );
}
