import { RunDetail } from "@/components/runs/detail/run-detail";

export const metadata = { title: "Run · Orchestra" };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RunDetail runId={id} />;
}
