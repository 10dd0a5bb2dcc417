import type { Box, Point } from './layout';

/** A connection label's font size on the canvas, in layout units (the CSS gets it through canvasStyle). */
export const LABEL_FONT = 14;
/** How far a label may stand from its line, in layout units, before a leader joins them. */
const NEAR = 4;
/** The farthest a label may stand from its line, in layout units: 20 × the least fitted zoom (0.86) stays within 24 px. */
export const LABEL_REACH = 20;

/**
 * The one text of a connection's label, for the layout (its box) and the drawing (its words): what
 * each side presents. Seen from one end (a selected component, whose chips the line meets), only
 * the far end's, which is what that end does not already show.
 */
export function labelText(
  clientLabel: string | null,
  serverLabel: string | null,
  bundle: number,
  seenFrom: 'client' | 'server' | null = null,
): string {
  const client = clientLabel ?? 'token';
  const server = serverLabel ?? 'self-signed';
  const words = seenFrom === 'client' ? `→ ${server}` : seenFrom === 'server' ? `${client} →` : `${client} → ${server}`;
  return `${bundle > 1 ? `×${bundle} ` : ''}${words}`;
}

/** A label's box: monospace text, its padding and border, and room for a ✕ or ! badge. */
export function labelBox(text: string, at: Point): Box {
  const width = text.length * LABEL_FONT * 0.61 + 40;
  const height = Math.round(LABEL_FONT * 1.4 + 6);
  return { x: at.x - width / 2, y: at.y - height / 2, width, height };
}

export function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** How far a box stands from a polyline (0 when the line touches it), and the line's point nearest the box's centre there. */
export function nearestOnLine(box: Box, points: readonly Point[]): { at: Point; distance: number } {
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
  let best = { at: points[0] ?? { x: 0, y: 0 }, distance: Infinity };
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i]!, points[i + 1]!];
    // Runs are horizontal or vertical, so a run is a box too: the distance is the gap between two boxes.
    const [left, right, top, bottom] = [Math.min(a.x, b.x), Math.max(a.x, b.x), Math.min(a.y, b.y), Math.max(a.y, b.y)];
    const dx = Math.max(0, left - (box.x + box.width), box.x - right);
    const dy = Math.max(0, top - (box.y + box.height), box.y - bottom);
    const distance = Math.hypot(dx, dy);
    if (distance < best.distance) {
      best = {
        at: { x: clamp(box.x + box.width / 2, left, right), y: clamp(box.y + box.height / 2, top, bottom) },
        distance,
      };
    }
  }
  return best;
}

/** Points every `step` along a polyline, middle of each run first (where a label reads best). */
function along(a: Point, b: Point, step: number): Point[] {
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  const n = Math.max(1, Math.floor(length / step));
  const order = Array.from({ length: n + 1 }, (_, k) => k).sort((p, q) => Math.abs(p - n / 2) - Math.abs(q - n / 2));
  return order.map((k) => ({ x: a.x + ((b.x - a.x) * k) / n, y: a.y + ((b.y - a.y) * k) / n }));
}

/**
 * Where a label may go, best first: on its line, then beside it at growing distances up to
 * LABEL_REACH (each side of each run), so that a crowded line still finds a spot next to itself.
 */
function spots(points: readonly Point[], text: string): Point[] {
  const box = labelBox(text, { x: 0, y: 0 });
  const out: Point[] = [];
  for (let i = 0; i + 1 < points.length; i++) out.push(...along(points[i]!, points[i + 1]!, 12));
  for (const gap of [1, NEAR, 8, 12, 16, LABEL_REACH - 1]) {
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i]!, points[i + 1]!];
      const vertical = Math.abs(a.x - b.x) < 0.5;
      const [dx, dy] = vertical ? [box.width / 2 + gap, 0] : [0, box.height / 2 + gap];
      for (const p of along(a, b, 12)) out.push({ x: p.x - dx, y: p.y - dy }, { x: p.x + dx, y: p.y + dy });
    }
  }
  return out;
}

export interface LabelledLine {
  readonly id: string;
  readonly text: string;
  readonly points: readonly Point[];
}

/** A placed label: its words, its centre, and where its leader meets the line when it stands off it (null when on or touching it). */
export interface Placement {
  readonly text: string;
  readonly at: Point;
  readonly leader: Point | null;
}

/** Whether a label's box is clear: of what it may not cover, and of the labels placed before it. */
export type ClearCheck = (box: Box, obstacles: readonly Box[], placedLabels: readonly Box[]) => boolean;

export const isClear: ClearCheck = (box, obstacles, placedLabels) =>
  !obstacles.some((o) => overlap(box, o) > 0) && !placedLabels.some((o) => overlap(box, o) > 0);

export interface Placed {
  readonly placements: Map<string, Placement>;
  /** Lines whose label found no clear spot next to them: the view must make room (see view.ts). */
  readonly unplaced: string[];
}

/**
 * Where each connection's label goes: on its own line or beside it, within LABEL_REACH, at the
 * first spot that covers no component, title, CA or other label. Lines with the fewest clear
 * spots go first, so a crowded line is not left without one by a roomier neighbour; ties keep
 * the order given, so the same design always gets the same labels. `clear` is injectable so a
 * test can break it and watch the geometric assertions fail.
 */
export function placeLabels(
  lines: readonly LabelledLine[],
  obstacles: readonly Box[],
  within: Box,
  taken: readonly Box[] = [],
  clear: ClearCheck = isClear,
): Placed {
  // Inside the drawing's extent: the fitted view shows that, and a label past it would be cut off.
  const fits = (b: Box) =>
    b.x >= within.x &&
    b.y >= within.y &&
    b.x + b.width <= within.x + within.width &&
    b.y + b.height <= within.y + within.height;
  const nearBy = (line: LabelledLine) => {
    // Only what lies near the line can be in the way: check those, not the whole drawing.
    const reach = labelBox(line.text, { x: 0, y: 0 }).width + LABEL_REACH;
    const xs = line.points.map((p) => p.x);
    const ys = line.points.map((p) => p.y);
    const near: Box = {
      x: Math.min(...xs) - reach,
      y: Math.min(...ys) - reach,
      width: Math.max(...xs) - Math.min(...xs) + 2 * reach,
      height: Math.max(...ys) - Math.min(...ys) + 2 * reach,
    };
    return { near, obstacles: obstacles.filter((o) => overlap(near, o) > 0) };
  };
  const prepared = lines.map((line, order) => {
    const { near, obstacles: inTheWay } = nearBy(line);
    const candidates = spots(line.points, line.text)
      .map((at) => ({ at, box: labelBox(line.text, at) }))
      .filter(({ box }) => fits(box) && clear(box, inTheWay, []));
    return { line, order, near, inTheWay, candidates };
  });
  prepared.sort((p, q) => p.candidates.length - q.candidates.length || p.order - q.order);
  const placed: Box[] = [...taken];
  const placements = new Map<string, Placement>();
  const unplaced: string[] = [];
  for (const { line, near, inTheWay, candidates } of prepared) {
    const others = placed.filter((o) => overlap(near, o) > 0);
    const free = candidates.find(({ box }) => clear(box, inTheWay, others));
    if (!free) {
      unplaced.push(line.id);
      continue;
    }
    const { at, distance } = nearestOnLine(free.box, line.points);
    placements.set(line.id, { text: line.text, at: free.at, leader: distance > NEAR - 0.5 ? at : null });
    placed.push(free.box);
  }
  return { placements, unplaced };
}
