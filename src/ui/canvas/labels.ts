import type { Box, Point } from './layout';

/** A connection label's text size: 12.5 px monospace, its padding and border, and room for a ✕ or ! badge. */
export function labelBox(text: string, at: Point): Box {
  const width = text.length * 12.5 * 0.61 + 40;
  const height = 24;
  return { x: at.x - width / 2, y: at.y - height / 2, width, height };
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Points every `step` along a polyline, middle of each run first (where a label reads best). */
function candidates(points: readonly Point[], step: number): Point[] {
  const out: Point[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i]!, points[i + 1]!];
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    const n = Math.max(1, Math.floor(length / step));
    const order = Array.from({ length: n + 1 }, (_, k) => k).sort((p, q) => Math.abs(p - n / 2) - Math.abs(q - n / 2));
    for (const k of order) out.push({ x: a.x + ((b.x - a.x) * k) / n, y: a.y + ((b.y - a.y) * k) / n });
  }
  return out;
}

/** The same spots, and beside the line on either side: a label may sit next to its line rather than on it. */
function besideToo(points: readonly Point[], text: string): Point[] {
  const spots = candidates(points, 14);
  const half = labelBox(text, { x: 0, y: 0 }).width / 2 + 4;
  const out: Point[] = [...spots];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i]!, points[i + 1]!];
    const vertical = a.x === b.x;
    for (const p of candidates([a, b], 14)) {
      out.push(vertical ? { x: p.x - half, y: p.y } : { x: p.x, y: p.y - 16 }, vertical ? { x: p.x + half, y: p.y } : { x: p.x, y: p.y + 16 });
    }
  }
  return out;
}

export interface LabelledLine {
  readonly id: string;
  readonly text: string;
  readonly points: readonly Point[];
}

/**
 * Where each connection's label goes: on or beside its own line, at the first spot that covers
 * no component, title or other label. A label with no such spot is not shown (the line keeps
 * its description for the pointer and screen readers): it would hide what it labels. Greedy in
 * the order given, so the same design always gets the same labels.
 */
export function placeLabels(lines: readonly LabelledLine[], obstacles: readonly Box[], within: Box, taken: readonly Box[] = []): Map<string, Point> {
  // Inside the drawing's extent: the fitted view shows that, and a label past it would be cut off.
  const fits = (b: Box) => b.x >= within.x && b.y >= within.y && b.x + b.width <= within.x + within.width && b.y + b.height <= within.y + within.height;
  const placed: Box[] = [...taken];
  const out = new Map<string, Point>();
  for (const line of lines) {
    // Only what lies near the line can be in the way: check those, not the whole drawing.
    const reach = labelBox(line.text, { x: 0, y: 0 }).width;
    const xs = line.points.map((p) => p.x);
    const ys = line.points.map((p) => p.y);
    const near: Box = { x: Math.min(...xs) - reach, y: Math.min(...ys) - reach, width: Math.max(...xs) - Math.min(...xs) + 2 * reach, height: Math.max(...ys) - Math.min(...ys) + 2 * reach };
    const inTheWay = [...obstacles, ...placed].filter((o) => overlap(near, o) > 0);
    const free = besideToo(line.points, line.text).find((at) => {
      const box = labelBox(line.text, at);
      return fits(box) && !inTheWay.some((o) => overlap(box, o) > 0);
    });
    if (!free) continue;
    out.set(line.id, free);
    placed.push(labelBox(line.text, free));
  }
  return out;
}
