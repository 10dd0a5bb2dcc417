import { useCallback, useContext, useEffect, useMemo, useState } from 'react';
import {
  Background, Controls, MiniMap, ReactFlow, useReactFlow,
  type Connection, type EdgeChange, type NodeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { StoreContext, useAppStore } from '../../store/StoreContext';
import { selectFindings, selectSelection, selectShowPanel, selectShowSignedBy, selectTheme, selectTopology } from '../../store/selectors';
import type { SelectionKind } from '../../store/selectionSlice';
import { connect } from '../../topology/edits';
import type { ComponentId } from '../../topology/model';
import { CaNode } from './CaNode';
import { ComponentNode } from './ComponentNode';
import { HostNode } from './HostNode';
import { layoutTopology, type Layout } from './layout';
import { TlsEdge } from './TlsEdge';
import { signedByEdges, toFlow } from './toFlow';

const nodeTypes = { host: HostNode, component: ComponentNode, ca: CaNode };
const edgeTypes = { tls: TlsEdge };
const FIT_VIEW = { padding: 0.06 };
const MINIMAP_STYLE = { width: 150, height: 100 };

/**
 * Fits the view again whenever the drawing changes or the canvas is resized by the side panel
 * (fitView on the component fits only once). The frame's delay lets the new size settle.
 */
function FitViewOnChange({ layout, showPanel }: { layout: Layout | null; showPanel: boolean }) {
  const { fitView } = useReactFlow();
  useEffect(() => {
    if (!layout) return;
    const frame = requestAnimationFrame(() => void fitView(FIT_VIEW));
    return () => cancelAnimationFrame(frame);
  }, [layout, showPanel, fitView]);
  return null;
}

const NODE_KIND: Record<string, SelectionKind> = { host: 'host', component: 'component', ca: 'ca' };

/** The topology drawn: hosts holding components, CAs above, one edge per TLS connection. */
export function TopologyCanvas() {
  const store = useContext(StoreContext)!;
  const topology = useAppStore(selectTopology);
  const theme = useAppStore(selectTheme);
  const selection = useAppStore(selectSelection);
  const showSignedBy = useAppStore(selectShowSignedBy);
  const showPanel = useAppStore(selectShowPanel);
  const findings = useAppStore(selectFindings);
  const [laid, setLaid] = useState<{ layout: Layout; for: typeof topology } | null>(null);

  useEffect(() => {
    let current = true;
    layoutTopology(topology).then((layout) => {
      if (current) setLaid({ layout, for: topology });
    });
    return () => {
      current = false;
    };
  }, [topology]);

  // Draw the current topology over the last layout until the new one arrives.
  const flow = useMemo(() => {
    if (!laid) return null;
    const selectedId = selection?.id ?? null;
    const { nodes, edges } = toFlow(topology, laid.layout, selectedId, findings);
    return {
      nodes: nodes.map((n) => (n.id === selectedId ? { ...n, selected: true } : n)),
      edges: [...edges.map((e) => (e.id === selectedId ? { ...e, selected: true } : e)), ...(showSignedBy ? signedByEdges(topology) : [])],
    };
  }, [laid, topology, selection, showSignedBy, findings]);

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    for (const change of changes) {
      if (change.type !== 'select' || !change.selected) continue;
      const node = flow?.nodes.find((n) => n.id === change.id);
      const kind = node?.type ? NODE_KIND[node.type] : undefined;
      if (kind) store.getState().select({ kind, id: change.id });
    }
  }, [flow, store]);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    for (const change of changes) {
      if (change.type === 'select' && change.selected && change.id.startsWith('conn:')) store.getState().select({ kind: 'connection', id: change.id });
    }
  }, [store]);
  const onConnect = useCallback((connection: Connection) => {
    const state = store.getState();
    const refused = state.apply(connect(connection.source as ComponentId, connection.target as ComponentId));
    state.notify(refused ? { tone: 'error', text: refused } : null);
  }, [store]);

  if (!flow) return <div className="canvas-loading" role="status">Laying out the cluster…</div>;
  return (
    <ReactFlow
      nodes={flow.nodes}
      edges={flow.edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      colorMode={theme}
      fitView
      fitViewOptions={FIT_VIEW}
      minZoom={0.05}
      nodesDraggable={false}
      deleteKeyCode={null}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      onPaneClick={() => store.getState().select(null)}
      aria-label="Cluster TLS topology"
    >
      <Background gap={24} />
      <MiniMap pannable zoomable ariaLabel="Minimap" position="top-right" style={MINIMAP_STYLE} />
      <Controls />
      <FitViewOnChange layout={laid?.layout ?? null} showPanel={showPanel} />
    </ReactFlow>
  );
}
