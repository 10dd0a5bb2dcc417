import { useCallback, useContext, useEffect, useMemo, useState } from 'react';
import {
  Background, Controls, MiniMap, ReactFlow, useReactFlow, useStore,
  type Connection, type EdgeChange, type NodeChange, type ReactFlowState,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { StoreContext, useAppStore } from '../../store/StoreContext';
import { selectFindings, selectLargeType, selectSelection, selectShowPanel, selectShowSignedBy, selectTheme, selectTopology } from '../../store/selectors';
import type { SelectionKind } from '../../store/selectionSlice';
import { connect } from '../../topology/edits';
import type { ComponentId } from '../../topology/model';
import { CaNode } from './CaNode';
import { ComponentNode } from './ComponentNode';
import { HostNode } from './HostNode';
import { layoutTopology, type Layout } from './layout';
import { canvasMetrics, canvasStyle } from './sizes';
import { TlsEdge } from './TlsEdge';
import { labelBox, placeLabels } from './labels';
import { signedByEdges, toFlow, touches } from './toFlow';

/** Takes room for the fitted view, draws nothing. */
const ExtentNode = () => null;
const nodeTypes = { host: HostNode, component: ComponentNode, ca: CaNode, extent: ExtentNode };
const edgeTypes = { tls: TlsEdge };
const FIT_VIEW = { padding: 0.03 };
const MINIMAP_STYLE = { width: 150, height: 100 };

/**
 * Fits the view again whenever the drawing changes or the canvas is resized by the side panel
 * (fitView on the component fits only once). The frame's delay lets the new size settle.
 */
function FitViewOnChange({ layout, showPanel, largeType, onFitted }: {
  layout: Layout; showPanel: boolean; largeType: boolean; onFitted: (zoom: number) => void;
}) {
  const { fitView, getZoom } = useReactFlow();
  // The canvas's own size, as React Flow measured it: Large type and the side panel change it after this renders.
  const size = useStore(sizeSelector);
  useEffect(() => {
    const frame = requestAnimationFrame(() => void fitView(FIT_VIEW).then(() => onFitted(getZoom())));
    return () => cancelAnimationFrame(frame);
  }, [layout, showPanel, largeType, size, fitView, getZoom, onFitted]);
  return null;
}

const zoomSelector = (s: ReactFlowState) => s.transform[2];
const sizeSelector = (s: ReactFlowState) => `${s.width}x${s.height}`;

/** The minimap only once the person has zoomed in past the fitted view: there it helps, at fit it would cover the drawing. */
function MiniMapWhenZoomedIn({ fittedZoom }: { fittedZoom: number }) {
  const zoom = useStore(zoomSelector);
  if (zoom < fittedZoom * 1.15) return null;
  return <MiniMap pannable zoomable ariaLabel="Minimap" position="top-right" style={MINIMAP_STYLE} />;
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
  const largeType = useAppStore(selectLargeType);
  const metrics = useMemo(() => canvasMetrics(largeType), [largeType]);
  const [fittedZoom, setFittedZoom] = useState(1);
  const layout = useMemo(() => layoutTopology(topology, metrics), [topology, metrics]);

  const allLabels = useMemo(() => placeLabels(layout.lines, layout.obstacles), [layout]);
  // A failing or warning line whose label has no room still shows its ✕ or ! where a badge fits.
  const badges = useMemo(() => {
    const text = new Map(layout.lines.map((l) => [l.id, l.text]));
    const taken = [...allLabels].map(([id, at]) => labelBox(text.get(id) ?? '', at));
    return placeLabels(layout.lines.map((l) => ({ ...l, text: '' })), layout.obstacles, taken);
  }, [layout, allLabels]);
  const focusLabels = useMemo(() => {
    const mine = new Set(topology.connections.filter((c) => touches(c, selection?.id ?? null)).map((c) => c.id as string));
    return placeLabels(layout.lines.filter((l) => mine.has(l.id)), layout.obstacles);
  }, [layout, topology, selection]);

  const flow = useMemo(() => {
    const selectedId = selection?.id ?? null;
    const { nodes, edges } = toFlow(topology, layout, selectedId, findings, { all: allLabels, focus: focusLabels, badge: badges });
    return {
      nodes: nodes.map((n) => (n.id === selectedId ? { ...n, selected: true } : n)),
      edges: [...edges.map((e) => (e.id === selectedId ? { ...e, selected: true } : e)), ...(showSignedBy ? signedByEdges(topology) : [])],
    };
  }, [layout, topology, selection, showSignedBy, findings, allLabels, focusLabels, badges]);

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

  return (
    <ReactFlow
      style={canvasStyle(metrics)}
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
      <MiniMapWhenZoomedIn fittedZoom={fittedZoom} />
      <Controls />
      <FitViewOnChange layout={layout} showPanel={showPanel} largeType={largeType} onFitted={setFittedZoom} />
    </ReactFlow>
  );
}
