import { useCallback, useContext, useEffect, useMemo, useState } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type ReactFlowState,
  type XYPosition,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { StoreContext, useAppStore } from '../../store/StoreContext';
import {
  selectFindings,
  selectLargeType,
  selectPositions,
  selectPresetId,
  selectFilledIn,
  selectStackWorkers,
  selectSelection,
  selectShowPanel,
  selectShowSignedBy,
  selectTheme,
  selectTopology,
  selectTourStep,
} from '../../store/selectors';
import type { SelectionKind } from '../../store/selectionSlice';
import { connect, placeOnCanvas } from '../../topology/edits';
import type { ComponentId } from '../../topology/model';
import { CaNode } from './CaNode';
import { ComponentNode } from './ComponentNode';
import { HostNode } from './HostNode';
import { largeTypeView } from './largeType';
import { canvasMetrics, canvasStyle } from './sizes';
import { LABELS_FROM_ZOOM, TlsEdge } from './TlsEdge';
import { focusOf } from './focus';
import { canvasItems, cursorTarget } from './keyboardItems';
import { labelBox, placeLabels, type Placement } from './labels';
import { loadDetailChoice, saveDetailChoice, type DetailChoice } from './detailChoice';
import { StackControls } from './stackControls';
import { signedByEdges, toFlow, type TlsFlowEdge } from './toFlow';
import { diagramView, FIT_PADDING, PROJECTOR_CANVAS, type Viewport } from './view';

/** Takes room for the fitted view, draws nothing. */
const ExtentNode = () => null;
const nodeTypes = { host: HostNode, component: ComponentNode, ca: CaNode, extent: ExtentNode };
const edgeTypes = { tls: TlsEdge };
const FIT_VIEW = { padding: FIT_PADDING };
const MINIMAP_STYLE = { width: 150, height: 100 };

/**
 * Fits the view again when what is drawn grows or shrinks (boxes added or removed, a level of
 * detail or a stack changed, the type grown) or the canvas is resized by the side panel; not when
 * a box is dragged, which would pull the drawing from under the pointer. The view is the one
 * diagramView computed (view.ts), so the zoom the tests assert is the zoom shown.
 */
function FitViewOnChange({
  fitKey,
  viewport,
  largeType,
  onFitted,
}: {
  fitKey: string;
  viewport: Viewport;
  largeType: boolean;
  onFitted: (zoom: number) => void;
}) {
  const { setViewport } = useReactFlow();
  // The guided tour frames the view itself, step by step (workshop/TourPanel.tsx).
  const touring = useAppStore(selectTourStep) !== null;
  useEffect(() => {
    if (touring) return;
    const shown = largeType ? largeTypeView(viewport) : viewport;
    const frame = requestAnimationFrame(() => void setViewport(shown).then(() => onFitted(viewport.zoom)));
    return () => cancelAnimationFrame(frame);
    // The viewport is new on every render; its key says when it changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fitKey, largeType, touring, setViewport, onFitted]);
  return null;
}

const zoomSelector = (s: ReactFlowState) => s.transform[2];
const labelsZoomSelector = (s: ReactFlowState) => s.transform[2] >= LABELS_FROM_ZOOM;
const NO_PLACES: ReadonlyMap<string, Placement> = new Map();
const widthSelector = (s: ReactFlowState) => s.width;
const heightSelector = (s: ReactFlowState) => s.height;

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
  // Stacks the person opened, by their first host; and whether they asked for every chip.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [detailChoice, setDetailChoice] = useState<DetailChoice>(loadDetailChoice);
  const width = useStore(widthSelector);
  const height = useStore(heightSelector);
  const canvas = useMemo(() => (width > 0 && height > 0 ? { width, height } : PROJECTOR_CANVAS), [width, height]);
  // What is drawn, at which level of detail, framed how: one pure function of the design and the canvas.
  const view = useMemo(
    () =>
      diagramView({
        topology,
        metrics,
        canvas,
        selectedId,
        stack: stackOn,
        expanded,
        pinned: positions ?? {},
        detail: detailChoice,
      }),
    [topology, metrics, canvas, selectedId, stackOn, expanded, positions, detailChoice],
  );
  const { stacking, layout } = view;
  const drawn = stacking.drawn;
  const e = layout.extent;
  const fitKey = `${presetId}|${drawn.hosts.length}|${drawn.components.length}|${drawn.cas.length}|${positions ? 'placed' : 'tidy'}|${view.detail}|${Math.round(e.width)}x${Math.round(e.height)}|${canvas.width}x${canvas.height}|${showPanel}|${largeType}`;
  // The box being dragged, drawn where the pointer has it until it is dropped and kept in the design.
  const [dragging, setDragging] = useState<{ id: string; at: XYPosition } | null>(null);
  // The keyboard cursor: the diagram is one tab stop, arrow keys move this, Enter selects.
  const [cursor, setCursor] = useState<string | null>(null);
  const [keysInside, setKeysInside] = useState(false);

  // Every label is placed only while every label is shown (zoomed in): on a large design that is
  // the costliest step of an edit, and zoomed out nobody sees them.
  const zoomedIn = useStore(labelsZoomSelector);
  // The selection's labels come first (all placed, view.ts); the others fill the room they leave.
  const allLabels = useMemo(() => {
    if (!zoomedIn) return NO_PLACES;
    const focus = view.focus.placements;
    const taken = [...focus.values()].map((p) => labelBox(p.text, p.at));
    return placeLabels(
      layout.lines.filter((l) => !focus.has(l.id)),
      layout.obstacles,
      layout.extent,
      taken,
    ).placements;
  }, [layout, zoomedIn, view]);
  // A failing or warning line whose label has no room still shows its ✕ or ! where a badge fits.
  const badges = useMemo(() => {
    const troubled = new Set(findings.flatMap((f) => f.connectionIds as readonly string[]));
    const taken = [...allLabels.values(), ...view.focus.placements.values()].map((p) => labelBox(p.text, p.at));
    const inTrouble = (id: string) => (stacking.members.get(id) ?? [id]).some((member) => troubled.has(member));
    const { placements } = placeLabels(
      layout.lines.filter((l) => inTrouble(l.id)).map((l) => ({ ...l, text: '' })),
      layout.obstacles,
      layout.extent,
      taken,
    );
    return new Map([...placements].map(([id, p]) => [id, p.at]));
  }, [layout, allLabels, view, findings, stacking]);
  const focusLabels = view.focus.placements;

  const flow = useMemo(() => {
    const { nodes, edges } = toFlow(
      drawn,
      layout,
      selectedId,
      findings,
      { all: allLabels, focus: focusLabels, badge: badges },
      stacking,
      filledIn,
    );
    const frameOf = new Map(drawn.components.map((c) => [c.id as string, (c.hostId ?? c.id) as string]));
    // Focus: what the selection is wired to stays lit, the rest steps back.
    const lit = focusOf(drawn, selectedId);
    const dim = (id: string) => (lit && !lit.has(id) ? 'is-dimmed' : undefined);
    // While a box is dragged its lines take the direct way between its chips' handles.
    const moving = (e: TlsFlowEdge) =>
      dragging !== null && (frameOf.get(e.source) === dragging.id || frameOf.get(e.target) === dragging.id);
    return {
      nodes: nodes.map((n) => ({
        ...n,
        className:
          [dim(n.id), keysInside && n.id === cursor ? 'is-kbd-focus' : undefined].filter(Boolean).join(' ') ||
          undefined,
        ...(n.id === selectedId ? { selected: true } : {}),
        ...(n.id === dragging?.id ? { position: dragging.at } : {}),
        ...(n.type === 'host' && expanded.has(n.id) ? { data: { ...n.data, restack: true } } : {}),
        ...(keysInside && n.type === 'component' && n.data.chips.some((c) => c.id === cursor)
          ? { data: { ...n.data, chips: n.data.chips.map((c) => ({ ...c, focused: c.id === cursor })) } }
          : {}),
      })),
      edges: [
        ...edges.map((e) => ({
          ...e,
          className:
            [dim(e.id), keysInside && e.id === cursor ? 'is-kbd-focus' : undefined].filter(Boolean).join(' ') ||
            undefined,
          ...(e.id === selectedId ? { selected: true } : {}),
          ...(e.data && dim(e.id) ? { data: { ...e.data, dimmed: true } } : {}),
          ...(moving(e) && e.data
            ? { data: { ...e.data, route: null, labelAll: null, labelFocus: null, badge: null } }
            : {}),
        })),
        ...(showSignedBy ? signedByEdges(drawn) : []),
      ],
    };
  }, [
    layout,
    drawn,
    stacking,
    selectedId,
    showSignedBy,
    findings,
    allLabels,
    focusLabels,
    badges,
    dragging,
    cursor,
    keysInside,
    filledIn,
    expanded,
  ]);

  const items = useMemo(() => canvasItems(drawn, layout, metrics), [drawn, layout, metrics]);
  const onKeyDown = useCallback(
    (event: React.KeyboardEvent) => {
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
    },
    [items, cursor, selectedId, store],
  );
  const spoken = items.find((i) => i.id === cursor)?.says ?? '';

  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      for (const change of changes) {
        if (change.type === 'position' && change.dragging && change.position)
          setDragging({ id: change.id, at: change.position });
        if (change.type !== 'select' || !change.selected) continue;
        const node = flow?.nodes.find((n) => n.id === change.id);
        const kind = node?.type ? NODE_KIND[node.type] : undefined;
        if (kind) store.getState().select({ kind, id: change.id });
      }
    },
    [flow, store],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      for (const change of changes) {
        if (change.type === 'select' && change.selected && change.id.startsWith('conn:'))
          store.getState().select({ kind: 'connection', id: change.id });
      }
    },
    [store],
  );
  const onNodeDragStop = useCallback(
    (_: unknown, node: { id: string; position: XYPosition }) => {
      setDragging(null);
      const state = store.getState();
      const refused = state.apply(placeOnCanvas(node.id, node.position));
      if (refused) state.notify({ tone: 'error', text: refused });
    },
    [store],
  );
  const onConnect = useCallback(
    (connection: Connection) => {
      const state = store.getState();
      const refused = state.apply(connect(connection.source as ComponentId, connection.target as ComponentId));
      state.notify(refused ? { tone: 'error', text: refused } : null);
    },
    [store],
  );

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
      <div className="visually-hidden" aria-live="polite">
        {keysInside ? spoken : ''}
      </div>
      <StackControls.Provider
        value={{
          expanded,
          toggle: (id: string) =>
            setExpanded((x) => {
              const next = new Set(x);
              if (next.has(id)) next.delete(id);
              else next.add(id);
              return next;
            }),
        }}
      >
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
          {/* In a row along the bottom, where a wide drawing leaves room, not down its left edge. */}
          <Controls orientation="horizontal" />
          <FitViewOnChange fitKey={fitKey} viewport={view.viewport} largeType={largeType} onFitted={setFittedZoom} />
          <Panel position="bottom-center" className="detail-panel">
            <span>{view.reason}</span>
            <button
              type="button"
              className="nodrag"
              aria-pressed={detailChoice === 'full'}
              onClick={() => {
                const next = detailChoice === 'full' ? 'auto' : 'full';
                saveDetailChoice(next);
                setDetailChoice(next);
              }}
            >
              Show every certificate
            </button>
          </Panel>
        </ReactFlow>
      </StackControls.Provider>
    </div>
  );
}
