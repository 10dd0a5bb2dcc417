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
  /** Each band's column, with the width of the gap right of it. */
  readonly columns: ReadonlyArray<{ readonly x: number; readonly width: number; readonly gap: number }>;
  readonly frames: readonly Frame[];
  readonly track: number;
}

/** A vertical run of a line in the gap right of column `gap`; runs ending at one chip share a track. */
interface Run {
  readonly id: string;
  readonly gap: number;
  readonly from: number;
  readonly to: number;
  readonly share: string;
}

/** A corner's x: known, or a track in the gap right of a column, known once every run in it is. */
type X = number | { readonly gap: number };

/** Distance between lines that cross a column through one corridor. */
const CORRIDOR_SPACING = 6;

interface Corridor {
  readonly y: number;
  /** Where the n-th of `count` lines through it runs. */
  readonly spread: (n: number, count: number) => number;
}

/**
 * Horizontal corridors across a column: above its frames, between them and below them. Lines
 * through one between two frames share the room between them evenly, however many they are;
 * lines above or below step away from the frames.
 */
function corridors(frames: readonly Frame[], column: number): Corridor[] {
  const stacked = frames.filter((f) => f.column === column && !f.pinned).sort((a, b) => a.y - b.y);
  if (stacked.length === 0) return [{ y: 0, spread: (n) => n * CORRIDOR_SPACING }];
  const last = stacked.at(-1)!;
  return [
    { y: stacked[0]!.y - 14, spread: (n) => -n * CORRIDOR_SPACING },
    ...stacked.slice(0, -1).map((f, i) => {
      const room = stacked[i + 1]!.y - (f.y + f.height) - 8;
      return {
        y: (f.y + f.height + stacked[i + 1]!.y) / 2,
        spread: (n: number, count: number) =>
          (n - (count - 1) / 2) * Math.min(CORRIDOR_SPACING, room / Math.max(1, count)),
      };
    }),
    { y: last.y + last.height + 14, spread: (n) => n * CORRIDOR_SPACING },
  ];
}

/**
 * Lines between frames run in the gaps between columns: out of the client's chip on the side that
 * faces the server, along a vertical track in the gap, and into the server's chip; a line that
 * must cross a column passes between its frames. Lines that end at the same chip share a track, so
 * the kubelets' lines to the API server arrive as one trunk. Lines inside a host nest in its own
 * channel; a line to or from a frame the person moved takes the direct way.
 *
 * Why hand-written and not libavoid-js 0.4.5 (Adaptagrams' libavoid as WASM, the maintained router
 * for orthogonal lines around fixed boxes), measured on the same boxes and line ends (issue 19,
 * default level of detail): libavoid crosses fewer lines (Course 3 against 14, kubeadm 2 against 4,
 * Hard Way 0 and 0, HA 3+50 3 against 6), both put 0 lines through boxes, lengths are within 10 %;
 * but it takes 30-150 ms a design in Node (HA 149 ms, over the 100 ms an edit may take) against
 * 0.2-0.6 ms for this whole layout, does not share a track per chip (the kubelets' trunk), leaves
 * no gap structure for making room for labels (view.ts), and its 485 KB of WASM would need
 * 'wasm-unsafe-eval' in the page's CSP (script-src 'self', vite.config.ts) and inlining in the
 * single-file build. Kept: this one; its crossings are held to their figures by view.test.ts.
 */
export function routeConnections(wirings: readonly Wiring[], g: Geometry): Map<string, Route> {
  const routes = new Map<string, Route>();
  const runs: Run[] = [];
  const pending: Array<{ id: string; steps: Array<{ x: X; y: number }> }> = [];

  const intraByHost = new Map<string, Wiring[]>();
  const between: Wiring[] = [];
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
      routes.set(w.id, { points: [start, { x: mid, y: start.y }, { x: mid, y: end.y }, end] });
      continue;
    }
    between.push(w);
  }

  // First the corridors each line crosses, so that each corridor knows how many lines share it.
  const corridorCount = new Map<string, number>();
  const crossings = between.map((w) => {
    const { client: a, server: b } = w;
    const [ca, cb] = [a.frame.column, b.frame.column];
    if (ca === cb) return [];
    const rightward = cb > ca;
    const gaps = rightward
      ? Array.from({ length: cb - ca }, (_, i) => ca + i)
      : Array.from({ length: ca - cb }, (_, i) => ca - 1 - i);
    // Between two gaps the line crosses the column in between through its corridor nearest the server's chip.
    return gaps.slice(0, -1).map((gap) => {
      const column = rightward ? gap + 1 : gap;
      const corridor = corridors(g.frames, column).reduce((p, q) =>
        Math.abs(q.y - b.y) < Math.abs(p.y - b.y) ? q : p,
      );
      const key = `${column}|${corridor.y}`;
      const n = corridorCount.get(key) ?? 0;
      corridorCount.set(key, n + 1);
      return { corridor, key, n };
    });
  });

  between.forEach((w, index) => {
    const { client: a, server: b } = w;
    const [ca, cb] = [a.frame.column, b.frame.column];
    const share = (end: 'in' | 'out', gap: number) => `${gap}|${end}|${end === 'in' ? b.key : a.key}`;
    if (ca === cb) {
      // Same column: out right, along the gap right of the column, in right.
      runs.push({ id: w.id, gap: ca, from: a.y, to: b.y, share: share('in', ca) });
      pending.push({
        id: w.id,
        steps: [
          { x: a.right, y: a.y },
          { x: { gap: ca }, y: a.y },
          { x: { gap: ca }, y: b.y },
          { x: b.right, y: b.y },
        ],
      });
      return;
    }
    const rightward = cb > ca;
    const gaps = rightward
      ? Array.from({ length: cb - ca }, (_, i) => ca + i)
      : Array.from({ length: ca - cb }, (_, i) => ca - 1 - i);
    const steps: Array<{ x: X; y: number }> = [{ x: rightward ? a.right : a.left, y: a.y }];
    let y = a.y;
    gaps.forEach((gap, i) => {
      const last = i === gaps.length - 1;
      const through = crossings[index]![i];
      const nextY =
        last || !through
          ? b.y
          : through.corridor.y + through.corridor.spread(through.n, corridorCount.get(through.key)!);
      runs.push({
        id: w.id,
        gap,
        from: y,
        to: nextY,
        share: last ? share('in', gap) : i === 0 ? share('out', gap) : `${gap}|${w.id}`,
      });
      steps.push({ x: { gap }, y }, { x: { gap }, y: nextY });
      y = nextY;
    });
    steps.push({ x: rightward ? b.left : b.right, y: b.y });
    pending.push({ id: w.id, steps });
  });

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
    const column = g.columns[gap] ?? { x: 0, width: 0, gap: 0 };
    const spacing = Math.min(g.track * 1.4, column.gap / (order.length + 1));
    const first = column.x + column.width + (column.gap - spacing * (order.length - 1)) / 2;
    const xOf = new Map(order.map((key, i) => [key, first + i * spacing]));
    for (const r of inGap) trackX.set(`${gap}|${r.id}`, xOf.get(groupOf(r))!);
  }
  for (const { id, steps } of pending) {
    const points = steps.map((s) => ({ x: typeof s.x === 'number' ? s.x : trackX.get(`${s.x.gap}|${id}`)!, y: s.y }));
    routes.set(id, { points: simplify(points) });
  }

  // Inside a host: out of the client's chip to a track right of the components, along it, and into
  // the server's chip from the right. Short spans take the inner tracks, so lines nest, never cross.
  // A line from a chip to itself (etcd's peers, stacked) is a small loop.
  for (const list of intraByHost.values()) {
    const span = (w: Wiring) => Math.abs(w.client.y - w.server.y);
    // The host's channel has a fixed width: more lines pack closer rather than widen it.
    const first = list[0]!.client;
    const spacing = Math.min(g.track, (first.frame.x + first.frame.width - first.right - 4) / (list.length + 1));
    [...list]
      .sort((p, q) => span(p) - span(q))
      .forEach((w, i) => {
        const x = w.client.right + spacing * (i + 1);
        const loop = span(w) < 1 ? 6 : 0;
        const points = [
          { x: w.client.right, y: w.client.y - loop },
          { x, y: w.client.y - loop },
          { x, y: w.server.y + loop },
          { x: w.server.right, y: w.server.y + loop },
        ];
        routes.set(w.id, { points: simplify(points) });
      });
  }
  return routes;
}

/** Places where two lines cross (one horizontal run over another's vertical run), counted once each. */
export function countCrossings(routes: ReadonlyMap<string, Route>): number {
  const horizontal: Array<{ y: number; x1: number; x2: number; id: string }> = [];
  const vertical: Array<{ x: number; y1: number; y2: number; id: string }> = [];
  for (const [id, { points }] of routes) {
    for (let i = 0; i + 1 < points.length; i++) {
      const [p, q] = [points[i]!, points[i + 1]!];
      if (Math.abs(p.y - q.y) < 0.5) horizontal.push({ y: p.y, x1: Math.min(p.x, q.x), x2: Math.max(p.x, q.x), id });
      else vertical.push({ x: p.x, y1: Math.min(p.y, q.y), y2: Math.max(p.y, q.y), id });
    }
  }
  let count = 0;
  for (const h of horizontal) {
    for (const v of vertical) {
      // Strictly inside both: lines that meet at a shared chip or corner do not cross.
      if (h.id !== v.id && v.x > h.x1 + 0.5 && v.x < h.x2 - 0.5 && h.y > v.y1 + 0.5 && h.y < v.y2 - 0.5) count++;
    }
  }
  return count;
}

/** Drops repeated points and points in the middle of a straight run. */
function simplify(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out.at(-1);
    if (last && Math.abs(last.x - p.x) < 0.5 && Math.abs(last.y - p.y) < 0.5) continue;
    const before = out.at(-2);
    if (last && before && ((before.x === last.x && last.x === p.x) || (before.y === last.y && last.y === p.y)))
      out.pop();
    out.push(p);
  }
  return out;
}
