import { useCallback, useContext, useEffect, useMemo, useState } from 'react';
import {
  Background, Controls, MiniMap, ReactFlow, useReactFlow, useStore,
  type Connection, type EdgeChange, type NodeChange, type ReactFlowState, type XYPosition,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { StoreContext, useAppStore } from '../../store/StoreContext';
import {
  selectFindings, selectLargeType, selectPositions, selectPresetId, selectFilledIn, selectStackWorkers, selectSelection, selectShowPanel, selectShowSignedBy, selectTheme, selectTopology, selectTourStep,
} from '../../store/selectors';
import type { SelectionKind } from '../../store/selectionSlice';
import { connect, placeOnCanvas } from '../../topology/edits';
import type { ComponentId } from '../../topology/model';
import { CaNode } from './CaNode';
import { ComponentNode } from './ComponentNode';
import { HostNode } from './HostNode';
import { largeTypeView } from './largeType';
import { layoutTopology } from './layout';
import { canvasMetrics, canvasStyle } from './sizes';
import { LABELS_FROM_ZOOM, TlsEdge } from './TlsEdge';
import { focusOf } from './focus';
import { canvasItems, cursorTarget } from './keyboardItems';
import { labelBox, placeLabels } from './labels';
import { stackWorkers } from './stacks';
import { signedByEdges, toFlow, touches, type TlsFlowEdge } from './toFlow';

/** Takes room for the fitted view, draws nothing. */
const ExtentNode = () => null;
const nodeTypes = { host: HostNode, component: ComponentNode, ca: CaNode, extent: ExtentNode };
const edgeTypes = { tls: TlsEdge };
const FIT_VIEW = { padding: 0.02 };
const MINIMAP_STYLE = { width: 150, height: 100 };

/**
 * Fits the view again when boxes are added or removed, the type grows or the canvas is resized
 * by the side panel (fitView on the component fits only once); not when a box is dragged, which
 * would pull the drawing from under the pointer. The frame's delay lets the new size settle.
 */
function FitViewOnChange({ fitKey, showPanel, largeType, onFitted }: {
  fitKey: string; showPanel: boolean; largeType: boolean; onFitted: (zoom: number) => void;
}) {
  const { fitView, getZoom, getViewport, setViewport } = useReactFlow();
  // The canvas's own size, as React Flow measured it: Large type and the side panel change it after this renders.
  const size = useStore(sizeSelector);
  // The guided tour frames the view itself, step by step (workshop/TourPanel.tsx).
  const touring = useAppStore(selectTourStep) !== null;
  useEffect(() => {
    if (touring) return;
    const frame = requestAnimationFrame(() => void fitView(FIT_VIEW).then(() => {
      onFitted(getZoom());
      if (largeType) void setViewport(largeTypeView(getViewport()));
    }));
    return () => cancelAnimationFrame(frame);
  }, [fitKey, showPanel, largeType, size, touring, fitView, getZoom, getViewport, setViewport, onFitted]);
  return null;
}

const zoomSelector = (s: ReactFlowState) => s.transform[2];
const labelsZoomSelector = (s: ReactFlowState) => s.transform[2] >= LABELS_FROM_ZOOM;
const NO_PLACES: ReadonlyMap<string, XYPosition> = new Map();
const sizeSelector = (s: ReactFlowState) => `${s.width}x${s.height}`;

/** The minimap only once the person has zoomed in past the fitted view: there it helps, at fit it would cover the drawing. */
function MiniMapWhenZoomedIn({ fittedZoom }: { fittedZoom: number }) {
  const zoom = useStore(zoomSelector);
  // Nor during the tour, which zooms in on purpose and whose card stands where the minimap would.
  const touring = useAppStore(selectTourStep) !== null;
  if (zoom < fittedZoom * 1.15 || touring) return null;
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
  const positions = useAppStore(selectPositions);
  const presetId = useAppStore(selectPresetId);
  const stackOn = useAppStore(selectStackWorkers);
  const filledIn = useAppStore(selectFilledIn);
  const selectedId = selection?.id ?? null;
  // What is drawn: identical workers stacked, unless the person asked to see each one.
  const stacking = useMemo(
    () => (stackOn ? stackWorkers(topology, new Set(Object.keys(positions ?? {})), selectedId) : { drawn: topology, stacks: new Map(), bundles: new Map() }),
    [stackOn, topology, positions, selectedId],
  );
  const drawn = stacking.drawn;
  const fitKey = `${presetId}|${drawn.hosts.length}|${drawn.components.length}|${drawn.cas.length}|${positions ? 'placed' : 'tidy'}`;
  const layout = useMemo(() => layoutTopology(drawn, metrics, positions, stacking.bundles), [drawn, metrics, positions, stacking]);
  // The box being dragged, drawn where the pointer has it until it is dropped and kept in the design.
  const [dragging, setDragging] = useState<{ id: string; at: XYPosition } | null>(null);
  // The keyboard cursor: the diagram is one tab stop, arrow keys move this, Enter selects.
  const [cursor, setCursor] = useState<string | null>(null);
  const [keysInside, setKeysInside] = useState(false);

  // Every label is placed only while every label is shown (zoomed in): on a large design that is
  // the costliest step of an edit, and zoomed out nobody sees them.
  const zoomedIn = useStore(labelsZoomSelector);
  const allLabels = useMemo(() => (zoomedIn ? placeLabels(layout.lines, layout.obstacles, layout.extent) : NO_PLACES), [layout, zoomedIn]);
  // A failing or warning line whose label has no room still shows its ✕ or ! where a badge fits.
  const badges = useMemo(() => {
    const troubled = new Set(findings.flatMap((f) => f.connectionIds as readonly string[]));
    const text = new Map(layout.lines.map((l) => [l.id, l.text]));
    const taken = [...allLabels].map(([id, at]) => labelBox(text.get(id) ?? '', at));
    return placeLabels(layout.lines.filter((l) => troubled.has(l.id)).map((l) => ({ ...l, text: '' })), layout.obstacles, layout.extent, taken);
  }, [layout, allLabels, findings]);
  const focusLabels = useMemo(() => {
    const mine = new Set(drawn.connections.filter((c) => touches(c, selectedId)).map((c) => c.id as string));
    return placeLabels(layout.lines.filter((l) => mine.has(l.id)), layout.obstacles, layout.extent);
  }, [layout, drawn, selectedId]);

  const flow = useMemo(() => {
    const { nodes, edges } = toFlow(drawn, layout, selectedId, findings, { all: allLabels, focus: focusLabels, badge: badges }, stacking, filledIn);
    const frameOf = new Map(drawn.components.map((c) => [c.id as string, (c.hostId ?? c.id) as string]));
    // Focus: what the selection is wired to stays lit, the rest steps back.
    const lit = focusOf(drawn, selectedId);
    const dim = (id: string) => (lit && !lit.has(id) ? 'is-dimmed' : undefined);
    // While a box is dragged its lines take the direct way between its chips' handles.
    const moving = (e: TlsFlowEdge) => dragging !== null && (frameOf.get(e.source) === dragging.id || frameOf.get(e.target) === dragging.id);
    return {
      nodes: nodes.map((n) => ({
        ...n, className: [dim(n.id), keysInside && n.id === cursor ? 'is-kbd-focus' : undefined].filter(Boolean).join(' ') || undefined,
        ...(n.id === selectedId ? { selected: true } : {}), ...(n.id === dragging?.id ? { position: dragging.at } : {}),
        ...(keysInside && n.type === 'component' && n.data.chips.some((c) => c.id === cursor)
          ? { data: { ...n.data, chips: n.data.chips.map((c) => ({ ...c, focused: c.id === cursor })) } } : {}),
      })),
      edges: [
        ...edges.map((e) => ({
          ...e, className: [dim(e.id), keysInside && e.id === cursor ? 'is-kbd-focus' : undefined].filter(Boolean).join(' ') || undefined,
          ...(e.id === selectedId ? { selected: true } : {}),
          ...(e.data && dim(e.id) ? { data: { ...e.data, dimmed: true } } : {}),
          ...(moving(e) && e.data ? { data: { ...e.data, route: null, labelAll: null, labelFocus: null, badge: null } } : {}),
        })),
        ...(showSignedBy ? signedByEdges(drawn) : []),
      ],
    };
  }, [layout, drawn, stacking, selectedId, showSignedBy, findings, allLabels, focusLabels, badges, dragging, cursor, keysInside, filledIn]);

  const items = useMemo(() => canvasItems(drawn, layout, metrics), [drawn, layout, metrics]);
  const onKeyDown = useCallback((event: React.KeyboardEvent) => {
    if (event.target !== event.currentTarget) return;
    const current = items.find((i) => i.id === cursor) ?? items.find((i) => i.id === selectedId) ?? items[0];
    if (!current) return;
    setKeysInside(true);
    const next = cursorTarget(items, current, event.key);
    if (next) {
      event.preventDefault();
      setCursor(next.id);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      store.getState().select({ kind: current.kind, id: current.id });
    } else if (event.key === 'Escape') {
      store.getState().select(null);
    }
  }, [items, cursor, selectedId, store]);
  const spoken = items.find((i) => i.id === cursor)?.says ?? '';

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    for (const change of changes) {
      if (change.type === 'position' && change.dragging && change.position) setDragging({ id: change.id, at: change.position });
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
  const onNodeDragStop = useCallback((_: unknown, node: { id: string; position: XYPosition }) => {
    setDragging(null);
    const state = store.getState();
    const refused = state.apply(placeOnCanvas(node.id, node.position));
    if (refused) state.notify({ tone: 'error', text: refused });
  }, [store]);
  const onConnect = useCallback((connection: Connection) => {
    const state = store.getState();
    const refused = state.apply(connect(connection.source as ComponentId, connection.target as ComponentId));
    state.notify(refused ? { tone: 'error', text: refused } : null);
  }, [store]);

  return (
    <div
      className="diagram-keys"
      tabIndex={0}
      role="application"
      aria-roledescription="diagram"
      aria-label="Cluster diagram: arrow keys move between CAs, nodes, components, certificates and connections; Page Down and Page Up step through all of them in turn; Enter selects; Escape clears"
      onKeyDown={onKeyDown}
      onFocus={(event) => {
        if (event.target !== event.currentTarget) return;
        // A click focuses the diagram too: the cursor shows only when the keyboard brought the focus.
        if (!event.currentTarget.matches(':focus-visible')) return;
        setKeysInside(true);
        setCursor((c) => c ?? selectedId ?? items[0]?.id ?? null);
      }}
      onBlur={() => setKeysInside(false)}
    >
    <div className="visually-hidden" aria-live="polite">{keysInside ? spoken : ''}</div>
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
      nodesDraggable
      nodesFocusable={false}
      edgesFocusable={false}
      disableKeyboardA11y
      deleteKeyCode={null}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      onNodeDragStop={onNodeDragStop}
      onPaneClick={() => store.getState().select(null)}
      aria-label="Cluster TLS topology"
    >
      <Background gap={24} />
      <MiniMapWhenZoomedIn fittedZoom={fittedZoom} />
      <Controls />
      <FitViewOnChange fitKey={fitKey} showPanel={showPanel} largeType={largeType} onFitted={setFittedZoom} />
    </ReactFlow>
    </div>
  );
}
