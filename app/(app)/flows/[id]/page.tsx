import { FlowEditorLoader } from "@/components/canvas/flow-editor-loader";

export const metadata = { title: "Editor · Orchestra" };

export default async function FlowEditorPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ run?: string | string[] }> }) {
  const { id } = await params;
  const { run } = await searchParams;
  return <FlowEditorLoader flowId={id} runId={typeof run === "string" && run ? run : null} />;
}
