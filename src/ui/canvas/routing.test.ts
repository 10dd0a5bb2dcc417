import { describe, expect, test } from 'vitest';
import type { Frame } from './layout';
import { countCrossings, routeConnections, type Attachment } from './routing';

const frame = (id: string, column: number, x: number, y: number, height: number): Frame => ({
  id,
  band: column,
  column,
  x,
  y,
  width: 100,
  height,
  pinned: false,
});

describe('corridors across a column', () => {
  // Column 1 holds two frames with a 36-unit gap between them (y 200 to 236); 40 lines cross it there.
  const a = frame('a', 0, 0, 0, 500);
  const [top, bottom] = [frame('top', 1, 200, 0, 200), frame('bottom', 1, 200, 236, 200)];
  const c = frame('c', 2, 400, 0, 500);
  const attach = (f: Frame, y: number, key: string): Attachment => ({
    frame: f,
    key,
    left: f.x,
    right: f.x + f.width,
    y,
    host: null,
  });
  const routes = routeConnections(
    Array.from({ length: 40 }, (_, i) => ({
      id: `l${i}`,
      client: attach(a, 100 + i, `out${i}`),
      server: attach(c, 218, `in${i}`),
    })),
    {
      columns: [
        { x: 0, width: 100, gap: 100 },
        { x: 200, width: 100, gap: 100 },
        { x: 400, width: 100, gap: 100 },
      ],
      frames: [a, top, bottom, c],
      track: 7,
    },
  );
  const through = [...routes.values()].map(
    (r) => r.points.find((p) => p.x > 100 && p.x < 400 && r.points.some((q) => q.y === p.y && q.x > 300))!.y,
  );

  test('give every line its own height between the frames, however many there are (no wrap at 16)', () => {
    expect(new Set(through).size).toBe(40);
    for (const y of through) {
      expect(y).toBeGreaterThan(top.y + top.height);
      expect(y).toBeLessThan(bottom.y);
    }
  });

  test('count where lines cross', () => {
    expect(
      countCrossings(
        new Map([
          [
            'h',
            {
              points: [
                { x: 0, y: 10 },
                { x: 100, y: 10 },
              ],
            },
          ],
          [
            'v',
            {
              points: [
                { x: 50, y: 0 },
                { x: 50, y: 20 },
              ],
            },
          ],
          [
            'touching',
            {
              points: [
                { x: 100, y: 10 },
                { x: 100, y: 40 },
              ],
            },
          ],
        ]),
      ),
    ).toBe(1);
  });
});
