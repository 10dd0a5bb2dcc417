import type { Frame } from './layout';

interface Point {
  readonly x: number;
  readonly y: number;
}

/** A connection's line, chip to chip, in canvas coordinates. */
export interface Route {
  readonly points: readonly Point[];
}

/** Where a line meets a component: the chip's row (or the header's), on either side of the component. */
export interface Attachment {
  readonly frame: Frame;
  /** The chip's credential id (or `head:<component>`): lines sharing it may share a track. */
  readonly key: string;
  readonly left: number;
  readonly right: number;
  readonly y: number;
  readonly host: string | null;
}

export interface Wiring {
  readonly id: string;
  readonly client: Attachment;
  readonly server: Attachment;
}

interface Geometry {
  readonly columns: ReadonlyArray<{ readonly x: number; readonly width: number }>;
  readonly frames: readonly Frame[];
  readonly track: number;
  /** The width of the gap right of each column. */
  readonly gapWidth: number;
}

/** A vertical run of a line in the gap right of column `gap`; runs ending at one chip share a track. */
interface Run {
  readonly id: string;
  readonly gap: number;
  readonly from: number;
  readonly to: number;
  readonly share: string;
}

/**
 * Horizontal corridors across a column: above its frames, between them and below them. Lines
 * sharing one spread out from its middle (between frames, within the gap) or away from the frames.
 */
function corridors(frames: readonly Frame[], column: number): Array<{ y: number; spread: (n: number) => number }> {
  const stacked = frames.filter((f) => f.column === column && !f.pinned).sort((a, b) => a.y - b.y);
  if (stacked.length === 0) return [{ y: 0, spread: (n) => n * 6 }];
  const between = (n: number) => ((n % 2 === 0 ? 1 : -1) * Math.ceil(n / 2) * 6) % 16;
  const last = stacked.at(-1)!;
  return [
    { y: stacked[0]!.y - 14, spread: (n) => -n * 6 },
    ...stacked.slice(0, -1).map((f) => ({ y: f.y + f.height + 18, spread: between })),
    { y: last.y + last.height + 14, spread: (n) => n * 6 },
  ];
}

/**
 * Lines between frames run in the gaps between columns: out of the client's chip on the side that
 * faces the server, along a vertical track in the gap, and into the server's chip; a line that
 * must cross a column passes between its frames. Lines that end at the same chip share a track, so
 * the kubelets' lines to the API server arrive as one trunk. Lines inside a host nest in its own
 * channel; a line to or from a frame the person moved takes the direct way.
 */
export function routeConnections(wirings: readonly Wiring[], g: Geometry): Map<string, Route> {
  const routes = new Map<string, Route>();
  const runs: Run[] = [];
  /** Per line: the horizontal skeleton, with `gap:<n>:<id>` placeholders for x until tracks are known. */
  const pending: Array<{ id: string; steps: Array<{ x: number | string; y: number }> }> = [];
  const used = new Map<string, number>();
  /** How many lines already cross through this corridor. */
  const corridorUse = (key: string) => {
    const n = used.get(key) ?? 0;
    used.set(key, n + 1);
    return n;
  };

  const intraByHost = new Map<string, Wiring[]>();
  for (const w of wirings) {
    const { client: a, server: b } = w;
    if (a.host !== null && a.host === b.host) {
      intraByHost.set(a.host, [...(intraByHost.get(a.host) ?? []), w]);
      continue;
    }
    if (a.frame.pinned || b.frame.pinned) {
      const rightward = b.frame.x + b.frame.width / 2 >= a.frame.x + a.frame.width / 2;
      const start = { x: rightward ? a.right : a.left, y: a.y };
      const end = { x: rightward ? b.left : b.right, y: b.y };
      const mid = (start.x + end.x) / 2;
      const points = [start, { x: mid, y: start.y }, { x: mid, y: end.y }, end];
      routes.set(w.id, { points });
      continue;
    }
    const [ca, cb] = [a.frame.column, b.frame.column];
    const share = (end: 'in' | 'out', gap: number) => `${gap}|${end}|${end === 'in' ? b.key : a.key}`;
    if (ca === cb) {
      // Same column: out right, along the gap right of the column, in right.
      runs.push({ id: w.id, gap: ca, from: a.y, to: b.y, share: share('in', ca) });
      pending.push({ id: w.id, steps: [{ x: a.right, y: a.y }, { x: `gap:${ca}`, y: a.y }, { x: `gap:${ca}`, y: b.y }, { x: b.right, y: b.y }] });
      continue;
    }
    const rightward = cb > ca;
    const start = { x: rightward ? a.right : a.left, y: a.y };
    const end = { x: rightward ? b.left : b.right, y: b.y };
    // The gaps crossed, from the client's side to the server's.
    const gaps = rightward ? Array.from({ length: cb - ca }, (_, i) => ca + i) : Array.from({ length: ca - cb }, (_, i) => ca - 1 - i);
    const steps: Array<{ x: number | string; y: number }> = [start];
    let y = a.y;
    gaps.forEach((gap, i) => {
      const last = i === gaps.length - 1;
      // Between two gaps the line crosses the column in between through its corridor nearest the server's chip.
      const nextY = last ? b.y : (() => {
        const column = rightward ? gap + 1 : gap;
        const best = corridors(g.frames, column).reduce((p, q) => (Math.abs(q.y - b.y) < Math.abs(p.y - b.y) ? q : p));
        return best.y + best.spread(corridorUse(`${column}|${best.y}`));
      })();
      runs.push({ id: w.id, gap, from: y, to: nextY, share: last ? share('in', gap) : i === 0 ? share('out', gap) : `${gap}|${w.id}` });
      steps.push({ x: `gap:${gap}`, y }, { x: `gap:${gap}`, y: nextY });
      y = nextY;
    });
    steps.push(end);
    pending.push({ id: w.id, steps });
  }

  // Tracks: one per group of runs sharing an end, centred in the gap, ordered by where they start.
  const trackX = new Map<string, number>();
  for (const gap of new Set(runs.map((r) => r.gap))) {
    const inGap = runs.filter((r) => r.gap === gap);
    const count = new Map<string, number>();
    for (const r of inGap) count.set(r.share, (count.get(r.share) ?? 0) + 1);
    const groupOf = (r: Run) => ((count.get(r.share) ?? 0) > 1 ? r.share : `${gap}|${r.id}`);
    const groups = new Map<string, number>();
    for (const r of inGap) groups.set(groupOf(r), Math.min(groups.get(groupOf(r)) ?? Infinity, Math.min(r.from, r.to)));
    const order = [...groups].sort((p, q) => p[1] - q[1]).map(([key]) => key);
    const spacing = Math.min(g.track * 1.4, g.gapWidth / (order.length + 1));
    const column = g.columns[gap] ?? { x: 0, width: 0 };
    const first = column.x + column.width + (g.gapWidth - spacing * (order.length - 1)) / 2;
    const xOf = new Map(order.map((key, i) => [key, first + i * spacing]));
    for (const r of inGap) trackX.set(`${gap}|${r.id}`, xOf.get(groupOf(r))!);
  }
  for (const { id, steps } of pending) {
    const points = steps.map((s) => ({ x: typeof s.x === 'number' ? s.x : trackX.get(`${s.x.slice(4)}|${id}`)!, y: s.y }));
    routes.set(id, { points: simplify(points) });
  }

  // Inside a host: out of the client's chip to a track right of the components, along it, and into
  // the server's chip from the right. Short spans take the inner tracks, so lines nest, never cross.
  for (const list of intraByHost.values()) {
    const span = (w: Wiring) => Math.abs(w.client.y - w.server.y);
    // The host's channel has a fixed width: more lines pack closer rather than widen it.
    const first = list[0]!.client;
    const spacing = Math.min(g.track, (first.frame.x + first.frame.width - first.right - 4) / (list.length + 1));
    [...list].sort((p, q) => span(p) - span(q)).forEach((w, i) => {
      const x = w.client.right + spacing * (i + 1);
      const points = [{ x: w.client.right, y: w.client.y }, { x, y: w.client.y }, { x, y: w.server.y }, { x: w.server.right, y: w.server.y }];
      routes.set(w.id, { points: simplify(points) });
    });
  }
  return routes;
}

/** Drops repeated points and points in the middle of a straight run. */
function simplify(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out.at(-1);
    if (last && Math.abs(last.x - p.x) < 0.5 && Math.abs(last.y - p.y) < 0.5) continue;
    const before = out.at(-2);
    if (last && before && ((before.x === last.x && last.x === p.x) || (before.y === last.y && last.y === p.y))) out.pop();
    out.push(p);
  }
  return out;
}
