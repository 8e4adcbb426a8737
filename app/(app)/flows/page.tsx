import { FlowList } from "@/components/flows/flow-list";

export const metadata = { title: "Flows · Orchestra" };

export default function FlowsPage() {
  return <FlowList />;
}
