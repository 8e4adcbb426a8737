import { CredentialsPanel } from "@/components/settings/credentials-panel";

export const metadata = { title: "Credentials · Orchestra" };

export default function CredentialsPage() {
  return <CredentialsPanel />;
}
