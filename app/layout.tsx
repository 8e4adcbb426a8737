import type { Metadata } from "next";
import type { ReactNode } from "react";
import { TrpcProviders } from "@/components/providers/trpc";
import "./globals.css";

export const metadata: Metadata = {
  title: "Orchestra",
  description: "Build, run and watch multi-agent AI workflows",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TrpcProviders>{children}</TrpcProviders>
      </body>
    </html>
  );
}
