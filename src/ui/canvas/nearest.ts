import type { Box } from './layout';

export type Direction = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';

/** A box seen along an arrow: `lo`/`hi` along it (growing the way it points) and across it. */
interface Seen {
  readonly lo: number;
  readonly hi: number;
  readonly acrossLo: number;
  readonly acrossHi: number;
}

/** Half a pixel of slack: boxes that touch still stand side by side. */
const SLACK = 1;

function seen(b: Box, direction: Direction): Seen {
  const vertical = direction === 'ArrowUp' || direction === 'ArrowDown';
  const [lo, hi] = vertical ? [b.y, b.y + b.height] : [b.x, b.x + b.width];
  const [acrossLo, acrossHi] = vertical ? [b.x, b.x + b.width] : [b.y, b.y + b.height];
  const back = direction === 'ArrowUp' || direction === 'ArrowLeft';
  return back ? { lo: -hi, hi: -lo, acrossLo, acrossHi } : { lo, hi, acrossLo, acrossHi };
}

const acrossGap = (a: Seen, b: Seen) => Math.max(0, b.acrossLo - a.acrossHi, a.acrossLo - b.acrossHi);
const centreAcross = (s: Seen) => (s.acrossLo + s.acrossHi) / 2;

/**
 * Where an arrow key leads from `from`: the nearest item wholly past its edge that way.
 *  - First, items in line with it (overlapping it across the arrow: the same column for Up and
 *    Down, the same row for Left and Right), nearest first; so Down walks a column box by box and
 *    never jumps to a closer-looking box of the next column.
 *  - Down at the foot of a column goes on at the head of the next column to the right, and Up at
 *    the head of one to the foot of the column to the left (reading order), so that Down alone
 *    visits every column in turn and nothing is skipped.
 *  - Left or Right with nothing in the row: the nearest item that way, a step across counting double.
 * Stays on `from` when nothing lies that way.
 */
export function nearestInDirection<T extends { readonly box: Box }>(
  items: readonly T[],
  from: T,
  direction: Direction,
): T {
  const here = seen(from.box, direction);
  const ahead = items
    .filter((i) => i !== from)
    .map((item) => ({ item, s: seen(item.box, direction) }))
    .filter(({ s }) => s.lo >= here.hi - SLACK);
  const inLine = ahead.filter(({ s }) => acrossGap(here, s) === 0);
  const nearest = (list: typeof ahead, score: (s: Seen) => number) =>
    list.reduce<{ item: T; score: number } | null>((best, { item, s }) => {
      const value = score(s);
      return best && best.score <= value ? best : { item, score: value };
    }, null)?.item;
  const along = (s: Seen) => s.lo - here.hi;
  if (inLine.length > 0)
    return nearest(inLine, (s) => along(s) + Math.abs(centreAcross(s) - centreAcross(here)) * 1e-3)!;
  if (direction === 'ArrowDown' || direction === 'ArrowUp') {
    // Columns on the reading side: right of this one for Down, left of it for Up.
    const next = items
      .filter((i) => i !== from)
      .map((item) => ({ item, s: seen(item.box, direction) }))
      .filter(({ s }) =>
        direction === 'ArrowDown' ? s.acrossLo > here.acrossHi + SLACK : s.acrossHi < here.acrossLo - SLACK,
      );
    const gap = (s: Seen) => acrossGap(here, s);
    const lead = next.reduce<(typeof next)[number] | null>(
      (best, c) => (best && gap(best.s) <= gap(c.s) ? best : c),
      null,
    );
    if (!lead) return from;
    const column = next.filter(({ s }) => s.acrossLo <= lead.s.acrossHi && s.acrossHi >= lead.s.acrossLo);
    // Its head going down (its topmost), its foot going up (its lowest: the smallest `lo` seen upward).
    return nearest(column, (s) => s.lo) ?? from;
  }
  return nearest(ahead, (s) => along(s) + 2 * acrossGap(here, s)) ?? from;
}
