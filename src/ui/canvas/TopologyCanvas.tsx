import { useEffect, useState } from 'react';
import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type ColorMode } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { Topology } from '../../topology/model';
import { CaNode } from './CaNode';
import { ComponentNode } from './ComponentNode';
import { HostNode } from './HostNode';
import { layoutTopology } from './layout';
import { TlsEdge } from './TlsEdge';
import { toFlow, type FlowNode, type TlsFlowEdge } from './toFlow';

const nodeTypes = { host: HostNode, component: ComponentNode, ca: CaNode };
const edgeTypes = { tls: TlsEdge };
const FIT_VIEW = { padding: 0.08 };
const MINIMAP_STYLE = { width: 150, height: 100 };

/** Fits the view again whenever a new design is drawn (fitView on the component fits only once). */
function FitViewOnChange({ flow }: { flow: unknown }) {
  const { fitView } = useReactFlow();
  useEffect(() => {
    void fitView(FIT_VIEW);
  }, [flow, fitView]);
  return null;
}

interface Props {
  readonly topology: Topology;
  readonly colorMode: ColorMode;
}

/** The topology drawn: hosts holding components, CAs above, one edge per TLS connection. */
export function TopologyCanvas({ topology, colorMode }: Props) {
  const [flow, setFlow] = useState<{ nodes: FlowNode[]; edges: TlsFlowEdge[] } | null>(null);

  useEffect(() => {
    let current = true;
    layoutTopology(topology).then((layout) => {
      if (current) setFlow(toFlow(topology, layout));
    });
    return () => {
      current = false;
    };
  }, [topology]);

  if (!flow) return <div className="canvas-loading" role="status">Laying out the cluster…</div>;
  return (
    <ReactFlow
      nodes={flow.nodes}
      edges={flow.edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      colorMode={colorMode}
      fitView
      fitViewOptions={FIT_VIEW}
      minZoom={0.1}
      nodesConnectable={false}
      aria-label="Cluster TLS topology"
    >
      <Background gap={24} />
      <MiniMap pannable zoomable ariaLabel="Minimap" style={MINIMAP_STYLE} />
      <Controls />
      <FitViewOnChange flow={flow} />
    </ReactFlow>
  );
}
