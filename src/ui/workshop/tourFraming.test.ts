import { describe, expect, test } from 'vitest';
import type { Box } from '../canvas/layout';
import { cardBox, frameTarget } from './tourFraming';

const canvas = { width: 960, height: 628 };
const card = { width: 360, height: 300 };
const onScreen = (target: Box, v: { x: number; y: number; zoom: number }): Box => ({
  x: target.x * v.zoom + v.x,
  y: target.y * v.zoom + v.y,
  width: target.width * v.zoom,
  height: target.height * v.zoom,
});
const apart = (a: Box, b: Box) =>
  a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
const within = (a: Box, b: Box) =>
  a.x >= b.x - 1e-6 &&
  a.y >= b.y - 1e-6 &&
  a.x + a.width <= b.x + b.width + 1e-6 &&
  a.y + a.height <= b.y + b.height + 1e-6;

describe('framing a tour step beside its card', () => {
  test.each([
    ['a tall component', { x: 40, y: 300, width: 330, height: 420 }],
    ['a wide line', { x: 100, y: 200, width: 760, height: 190 }],
    ['a small CA card', { x: -400, y: -80, width: 240, height: 80 }],
  ])('%s: inside a free part, clear of the card, at a readable zoom', (_, target) => {
    const framing = frameTarget(target, canvas, card, { min: 1.1, max: 1.3 });
    const shown = onScreen(target, framing.viewport);
    expect(framing.fits).toBe(true);
    expect(framing.viewport.zoom).toBeGreaterThanOrEqual(1.1);
    expect(framing.viewport.zoom).toBeLessThanOrEqual(1.3);
    expect(within(shown, framing.free)).toBe(true);
    expect(apart(shown, framing.cardBox)).toBe(true);
    expect(framing.cardBox).toEqual(cardBox(canvas, card, framing.card));
  });

  test('a wide target goes under a card at the top; a tall one beside it', () => {
    const wide = frameTarget({ x: 0, y: 0, width: 760, height: 190 }, canvas, card, { min: 1, max: 1.2 });
    expect(wide.free.y).toBeGreaterThanOrEqual(wide.cardBox.y + wide.cardBox.height);
    const tall = frameTarget({ x: 0, y: 0, width: 300, height: 500 }, canvas, card, { min: 1, max: 1.2 });
    expect(tall.free.x + tall.free.width).toBeLessThanOrEqual(tall.cardBox.x);
  });

  test('a target too large to fit readably is shown readable, and says it does not fit', () => {
    const framing = frameTarget({ x: 0, y: 0, width: 2000, height: 1500 }, canvas, card, { min: 1.1, max: 1.3 });
    expect(framing.fits).toBe(false);
    expect(framing.viewport.zoom).toBe(1.1);
  });
});
