"use client";

import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type Connection } from "@xyflow/react";
import { useCallback, useMemo, useState, type DragEvent } from "react";
import { isNodeType } from "@/lib/flow/node-types/index";
import { useEditor, useEditorApi } from "./editor-store";
import { canvasNodeTypes } from "./nodes/index";
import { NODE_DRAG_MIME } from "./palette";
import { edgeRunKey, withRunState } from "./run-edges";

export function FlowCanvas() {
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const runKey = useEditor((s) => edgeRunKey(s.edges, s.run?.view));
  const store = useEditorApi();
  // Re-derived only when some edge's run state changes, not on every streamed event.
  const drawnEdges = useMemo(() => {
    const view = store.getState().run?.view;
    return withRunState(edges, view, runKey.startsWith("L"));
  }, [edges, runKey, store]);
  const onNodesChange = useEditor((s) => s.onNodesChange);
  const onEdgesChange = useEditor((s) => s.onEdgesChange);
  const connect = useEditor((s) => s.connect);
  const addNode = useEditor((s) => s.addNode);
  const setNotice = useEditor((s) => s.setNotice);
  const { screenToFlowPosition } = useReactFlow();
  // Fitting an empty canvas would re-centre the view as the first nodes are dropped, moving them.
  const [fitOnLoad] = useState(() => store.getState().nodes.length > 0);

  const onConnect = useCallback(
    (connection: Connection) => {
      const refusal = connect(connection);
      setNotice(refusal ? `Not connected: ${refusal}` : null);
    },
    [connect, setNotice],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(NODE_DRAG_MIME);
      if (!isNodeType(type)) return;
      event.preventDefault();
      addNode(type, screenToFlowPosition({ x: event.clientX - 120, y: event.clientY - 30 }));
    },
    [addNode, screenToFlowPosition],
  );

  return (
    <div className="h-full w-full" onDragOver={(e) => e.preventDefault()} onDrop={onDrop} data-testid="canvas">
      <ReactFlow
        nodes={nodes}
        edges={drawnEdges}
        nodeTypes={canvasNodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        fitView={fitOnLoad}
        fitViewOptions={{ maxZoom: 1 }}
        defaultViewport={{ x: 0, y: 0, zoom: 1 }}
        deleteKeyCode={["Delete", "Backspace"]}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={16} />
        <Controls fitViewOptions={{ maxZoom: 1 }} />
        <MiniMap pannable zoomable />
      </ReactFlow>
    </div>
  );
}
