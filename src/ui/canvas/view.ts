import type { Topology } from '../../topology/model';
import { layoutTopology, type Box, type Layout, type Point, type Room, type StackTitle } from './layout';
import { isClear, LABEL_REACH, labelBox, labelText, placeLabels, type ClearCheck, type Placed } from './labels';
import { canvasFonts, type CanvasMetrics } from './sizes';
import { stackHosts, type Stacking } from './stacks';
import { touches } from './toFlow';

/** The smallest text a projector audience reads, in screen pixels. */
export const LEGIBLE_PX = 12;

export interface CanvasSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The diagram's canvas in a 1280x720 window with the side panel open (the workshop projector),
 * as the app lays it out: e2e/canvas.spec.ts checks the page against it.
 */
export const PROJECTOR_CANVAS: CanvasSize = { width: 960, height: 628 };

export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

/** Room left around the fitted drawing, as React Flow's fitView padding. */
export const FIT_PADDING = 0.02;
const MIN_ZOOM = 0.05;
/** React Flow's own limit, so its Fit View button and this agree. */
const MAX_ZOOM = 2;

/** The row along the canvas's bottom that holds the zoom controls and the level-of-detail note: the drawing stays above it. */
export const CONTROLS_ROW = 34;

/** The view that shows `extent` whole, centred above the controls' row: React Flow's fitView arithmetic on the rest of the canvas. */
export function fitViewport(extent: Box, whole: CanvasSize): Viewport {
  const canvas = { width: whole.width, height: whole.height - CONTROLS_ROW };
  const pad = (v: number) => Math.floor((v - v / (1 + FIT_PADDING)) * 0.5);
  const [px, py] = [pad(canvas.width), pad(canvas.height)];
  const fit = Math.min(
    (canvas.width - 2 * px) / Math.max(1, extent.width),
    (canvas.height - 2 * py) / Math.max(1, extent.height),
  );
  const zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, fit));
  return {
    x: canvas.width / 2 - (extent.x + extent.width / 2) * zoom,
    y: canvas.height / 2 - (extent.y + extent.height / 2) * zoom,
    zoom,
  };
}

/** Full detail draws every credential's chip; names only draws components by name and role, chips for the selection. */
export type Detail = 'full' | 'names';

export interface ViewInput {
  readonly topology: Topology;
  readonly metrics: CanvasMetrics;
  readonly canvas: CanvasSize;
  readonly selectedId: string | null;
  /** Identical hosts drawn as stacks (the toolbar's Stack workers). */
  readonly stack: boolean;
  /** Stacks the person expanded, by their first host. */
  readonly expanded: ReadonlySet<string>;
  readonly pinned: Readonly<Record<string, Point>>;
  /** The person's choice: let the fitted size decide, or always draw every chip. */
  readonly detail: 'auto' | 'full';
  /** For tests: the check a label's spot must pass (see labels.ts). */
  readonly clear?: ClearCheck;
}

export interface DiagramView {
  readonly stacking: Stacking;
  readonly layout: Layout;
  readonly detail: Detail;
  /** Why this level of detail, in words the canvas shows. */
  readonly reason: string;
  readonly viewport: Viewport;
  /** The selection's labels: every emphasised line's, placed beside its own line. */
  readonly focus: Placed;
}

/** The zoom at which the smallest canvas text is LEGIBLE_PX on screen. */
export function legibleZoom(m: CanvasMetrics): number {
  return LEGIBLE_PX / Math.min(...Object.values(canvasFonts(m)));
}

/**
 * What the canvas draws and how it frames it, from the design and the canvas's size alone, so
 * the level of detail is predictable: identical hosts stacked; full detail when the fitted view
 * keeps every text at LEGIBLE_PX or more, else names only (a component shows its chips again when
 * it or one of its credentials is selected, or when the person asks for full detail). The
 * selection's labels are placed all; if full detail leaves one without a clear spot beside its
 * line, names only makes the room.
 */
export function diagramView(input: ViewInput): DiagramView {
  const { topology, metrics: m, canvas, selectedId, pinned } = input;
  const stacking: Stacking = input.stack
    ? stackHosts(topology, new Set(Object.keys(pinned)), selectedId, input.expanded)
    : { drawn: topology, stacks: new Map(), bundles: new Map(), members: new Map() };
  const drawn = stacking.drawn;
  // The selection's labels: seen from the selected component (or the owner of the selected credential), only the far end's credential.
  const owner = new Map(drawn.credentials.map((c) => [c.id as string, c.ownerId as string]));
  const credLabel = new Map(drawn.credentials.map((c) => [c.id as string, c.label]));
  const near = selectedId === null ? null : (owner.get(selectedId) ?? selectedId);
  const focusText = new Map(
    drawn.connections
      .filter((c) => touches(c, selectedId))
      .map((c) => [
        c.id as string,
        labelText(
          credLabel.get(c.clientCredentialId ?? '') ?? null,
          credLabel.get(c.serverCredentialId ?? '') ?? null,
          stacking.bundles.get(c.id) ?? 1,
          c.clientId === near ? 'client' : c.serverId === near ? 'server' : null,
        ),
      ]),
  );
  const labelsOf = (layout: Layout) =>
    placeLabels(
      layout.lines.filter((l) => focusText.has(l.id)).map((l) => ({ ...l, text: focusText.get(l.id)! })),
      layout.obstacles,
      layout.extent,
      [],
      input.clear ?? isClear,
    );
  const stacks = new Map<string, StackTitle | null>([
    ...[...input.expanded].map((id) => [id, null] as const),
    ...[...stacking.stacks.values()].map(
      (st) => [st.hostId, { count: st.members.length, last: st.members.at(-1)!.replace(/^host:/, '') }] as const,
    ),
  ]);
  const options = { pinned, bundles: stacking.bundles, stacks };

  const full = layoutTopology(drawn, m, { ...options, chips: 'all' });
  const fullView = fitViewport(full.extent, canvas);
  const legible = fullView.zoom >= legibleZoom(m) - 1e-9;
  if (input.detail === 'full' || legible) {
    const focus = labelsOf(full);
    if (input.detail === 'full' || focus.unplaced.length === 0) {
      return {
        stacking,
        layout: full,
        detail: 'full',
        reason: input.detail === 'full' ? 'Every certificate, as asked' : 'Every certificate: all fit at 12 px',
        viewport: fullView,
        focus,
      };
    }
  }
  const credentialOwner = new Map(drawn.credentials.map((c) => [c.id as string, c.ownerId as string]));
  const selected = selectedId === null ? [] : [credentialOwner.get(selectedId) ?? selectedId];
  const namesOptions = { ...options, chips: new Set(selected) };
  let names = layoutTopology(drawn, m, namesOptions);
  let focus = labelsOf(names);
  // Still no room beside some lines: widen the gaps and host channels they run in, until each fits.
  let room: Room = { gaps: new Map(), channels: new Map() };
  for (let round = 0; round < 3 && focus.unplaced.length > 0; round++) {
    room = roomFor(room, names, focus.unplaced, focusText, hostOfComponent(drawn), drawn);
    names = layoutTopology(drawn, m, { ...namesOptions, room });
    focus = labelsOf(names);
  }
  const fitted = fitViewport(names.extent, canvas);
  return {
    stacking,
    layout: names,
    detail: 'names',
    reason: legible ? 'Names only: room for the labels' : 'Names only: chips would be under 12 px',
    // Room made for labels can push the fitted zoom below legible: then the view zooms to the selection instead.
    viewport:
      fitted.zoom >= legibleZoom(m) || focus.placements.size === 0
        ? fitted
        : zoomTo(selectionBox(names, selected, focus, legibleZoom(m), canvas), legibleZoom(m), canvas),
    focus,
  };
}

/**
 * Where to look at legible zoom when the selection's labels do not all fit the fitted view: the
 * spot that holds the most of them (whole), nearest the selection on a tie. Candidates are the
 * labels' own centres, so the search is as cheap as the labels are few.
 */
function selectionBox(
  layout: Layout,
  selected: readonly string[],
  focus: Placed,
  zoom: number,
  canvas: CanvasSize,
): Box {
  const labels = [...focus.placements.values()].map((p) => labelBox(p.text, p.at));
  const [w, h] = [canvas.width / zoom, (canvas.height - CONTROLS_ROW) / zoom];
  const home = selected.map((id) => layout.placed.get(id)).find((b) => b) ?? labels[0]!;
  const centre = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
  const held = (c: Point) =>
    labels.filter(
      (b) => b.x >= c.x - w / 2 && b.x + b.width <= c.x + w / 2 && b.y >= c.y - h / 2 && b.y + b.height <= c.y + h / 2,
    ).length;
  const candidates = [
    centre(home),
    ...labels.map(centre),
    ...labels.map((b) => ({ x: b.x + w / 2 - 8, y: b.y + h / 2 - 8 })),
  ];
  const away = (c: Point) => Math.hypot(c.x - centre(home).x, c.y - centre(home).y);
  const best = candidates.reduce((p, q) => (held(q) > held(p) || (held(q) === held(p) && away(q) < away(p)) ? q : p));
  return { x: best.x, y: best.y, width: 0, height: 0 };
}

/** A view at `zoom` centred on `box`, above the controls' row. */
function zoomTo(box: Box, zoom: number, canvas: CanvasSize): Viewport {
  return {
    x: canvas.width / 2 - (box.x + box.width / 2) * zoom,
    y: (canvas.height - CONTROLS_ROW) / 2 - (box.y + box.height / 2) * zoom,
    zoom,
  };
}

const hostOfComponent = (t: Topology) => new Map(t.components.map((c) => [c.id as string, c.hostId as string | null]));

/**
 * Room for labels that found none, added to the room made before: each gap between columns as wide as the widest such label
 * whose line runs along it, and each host channel as wide as its widest inside label beside its
 * tracks. Only what already holds those lines grows, so the rest of the drawing keeps its shape.
 */
function roomFor(
  before: Room,
  layout: Layout,
  unplaced: readonly string[],
  text: ReadonlyMap<string, string>,
  hostOf: ReadonlyMap<string, string | null>,
  t: Topology,
): Room {
  const gaps = new Map(before.gaps);
  const channels = new Map(before.channels);
  const byId = new Map(t.connections.map((c) => [c.id as string, c]));
  const inside = new Map<string, number>();
  for (const c of t.connections) {
    const host = hostOf.get(c.clientId);
    if (host && host === hostOf.get(c.serverId)) inside.set(host, (inside.get(host) ?? 0) + 1);
  }
  for (const id of unplaced) {
    const line = layout.lines.find((l) => l.id === id);
    const c = byId.get(id);
    if (!line || !c) continue;
    const width = labelBox(text.get(id) ?? line.text, { x: 0, y: 0 }).width;
    const host = hostOf.get(c.clientId);
    if (host && host === hostOf.get(c.serverId)) {
      channels.set(host, Math.max(channels.get(host) ?? 0, (inside.get(host) ?? 0) * 7 + LABEL_REACH + width + 8));
      continue;
    }
    for (let i = 0; i + 1 < line.points.length; i++) {
      const [a, b] = [line.points[i]!, line.points[i + 1]!];
      if (Math.abs(a.x - b.x) > 0.5) continue;
      const gap = layout.columns.findIndex((col) => a.x > col.x + col.width && a.x < col.x + col.width + col.gap);
      if (gap >= 0) gaps.set(gap, Math.max(gaps.get(gap) ?? 0, width + 24));
    }
  }
  return { gaps, channels };
}
