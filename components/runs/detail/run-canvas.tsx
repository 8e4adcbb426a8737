"use client";

import { Background, Controls, ReactFlow, ReactFlowProvider } from "@xyflow/react";
import { useEffect, useMemo, useState } from "react";
import type { FlowGraph } from "@/lib/flow/graph";
import type { RunView } from "@/lib/run/run-view";
import { createEditorStore, EditorStoreContext, useEditor } from "@/components/canvas/editor-store";
import { nodeTypes, useDrawnNodes } from "@/components/canvas/flow-canvas";
import { withRunState } from "@/components/canvas/run-edges";

interface RunCanvasProps {
  runId: string;
  flowId: string;
  version: number;
  graph: FlowGraph;
  view: RunView;
  selectedNodeId: string | null;
  onSelect: (nodeId: string | null) => void;
}

function ReadOnlyFlow({ selectedNodeId, onSelect }: Pick<RunCanvasProps, "selectedNodeId" | "onSelect">) {
  const nodes = useDrawnNodes();
  const edges = useEditor((s) => s.edges);
  const view = useEditor((s) => s.run?.view);
  const shownNodes = useMemo(() => nodes.map((n) => ({ ...n, selected: n.id === selectedNodeId, draggable: false, connectable: false })), [nodes, selectedNodeId]);
  const shownEdges = useMemo(() => withRunState(edges, view, false), [edges, view]);
  return (
    <ReactFlow
      nodes={shownNodes}
      edges={shownEdges}
      nodeTypes={nodeTypes}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesFocusable={false}
      deleteKeyCode={null}
      onNodeClick={(_, node) => onSelect(node.id)}
      onPaneClick={() => onSelect(null)}
      fitView
      fitViewOptions={{ maxZoom: 1 }}
      proOptions={{ hideAttribution: true }}
    >
      <Background gap={16} />
      <Controls showInteractive={false} fitViewOptions={{ maxZoom: 1 }} />
    </ReactFlow>
  );
}

/** The flow version the run used, drawn read-only with each node's state at the replay position. */
export function RunCanvas({ runId, flowId, version, graph, view, selectedNodeId, onSelect }: RunCanvasProps) {
  const [store] = useState(() => createEditorStore({ flowId, version, graph }));
  useEffect(() => {
    store.setState({ run: { runId, view } });
  }, [store, runId, view]);
  return (
    <EditorStoreContext.Provider value={store}>
      <ReactFlowProvider>
        <div className="h-full w-full" data-testid="run-canvas">
          <ReadOnlyFlow selectedNodeId={selectedNodeId} onSelect={onSelect} />
        </div>
      </ReactFlowProvider>
    </EditorStoreContext.Provider>
  );
}
