import { FlowEditorLoader } from "@/components/canvas/flow-editor-loader";

export const metadata = { title: "Editor · Orchestra" };

export default async function FlowEditorPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <FlowEditorLoader flowId={id} />;
}
