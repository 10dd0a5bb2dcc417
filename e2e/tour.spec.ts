import type { Page } from '@playwright/test';
import { TOUR_STEPS } from '../src/ui/workshop/tourSteps';
import { expect, test } from './designerPage';

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Waits until the view stops moving (the tour animates to each step and may frame twice). */
async function settled(page: Page): Promise<void> {
  const transform = () => page.locator('.react-flow__viewport').evaluate((el) => getComputedStyle(el).transform);
  let last = '';
  await expect
    .poll(async () => {
      await page.waitForTimeout(250);
      const now = await transform();
      const same = now === last;
      last = now;
      return same;
    })
    .toBe(true);
}

/**
 * What a step points at, as drawn: boxes (nodes, the line's label), the points of its line, and the
 * on-screen size of every text in it. A line's own text is its label, and the names on the boxes at its ends.
 */
function drawnTarget(page: Page, kind: string, id: string) {
  return page.evaluate(
    ({ kind, id }) => {
      const zoom = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a;
      const node = (nodeId: string) => document.querySelector(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`);
      const boxes: Element[] = [];
      const texts: Element[] = [];
      const points: Array<{ x: number; y: number }> = [];
      if (kind === 'connection') {
        const path = document.querySelector<SVGPathElement>(
          `.react-flow__edge[data-id="${CSS.escape(id)}"] path.react-flow__edge-path`,
        )!;
        const matrix = path.getScreenCTM()!;
        const length = path.getTotalLength();
        for (let at = 0; at <= length; at += 4) {
          const p = new DOMPoint(path.getPointAtLength(at).x, path.getPointAtLength(at).y).matrixTransform(matrix);
          points.push({ x: p.x, y: p.y });
        }
        const label = document.querySelector(`[data-edge-label="${CSS.escape(id)}"]`);
        if (label) boxes.push(label);
        texts.push(
          ...[
            label,
            ...id
              .replace(/^conn:/, '')
              .split('->')
              .map((end) => node(end)?.querySelector('.component-name') ?? null),
          ].filter((e) => e !== null),
        );
      } else {
        const element = node(id)!;
        boxes.push(element);
        texts.push(element);
      }
      const sizes: Array<{ text: string; px: number }> = [];
      for (const element of texts) {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let t = walker.nextNode(); t; t = walker.nextNode()) {
          if (t.textContent?.trim() && t.parentElement)
            sizes.push({
              text: t.textContent.trim(),
              px: parseFloat(getComputedStyle(t.parentElement).fontSize) * zoom,
            });
        }
      }
      const rect = (e: Element) => {
        const r = e.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      };
      return { boxes: boxes.map(rect), points, sizes };
    },
    { kind, id },
  );
}

const intersects = (a: Rect, b: Rect) =>
  Math.min(a.x + a.width, b.x + b.width) > Math.max(a.x, b.x) &&
  Math.min(a.y + a.height, b.y + b.height) > Math.max(a.y, b.y);
const inside = (p: { x: number; y: number }, r: Rect) =>
  p.x > r.x && p.x < r.x + r.width && p.y > r.y && p.y < r.y + r.height;

const runs = [
  { name: 'started from Course', query: '?preset=course', largeType: false },
  { name: 'started from kubeadm', query: '?preset=kubeadm', largeType: false },
  { name: 'started from Kubernetes the Hard Way', query: '?preset=hardway', largeType: false },
  { name: 'in Large type', query: '?preset=course', largeType: true },
];

for (const run of runs) {
  test(`the tour's card never covers what a step points at, shown at 14 px or more: ${run.name}`, async ({
    designer,
    page,
  }) => {
    await designer.open(run.query);
    if (run.largeType) await page.getByRole('button', { name: 'Large type' }).click();
    await page.getByRole('button', { name: 'Guided tour' }).click();
    const tour = page.getByRole('region', { name: 'Guided tour' });
    for (const [index, step] of TOUR_STEPS.entries()) {
      await expect(tour).toContainText(`Step ${index + 1} of ${TOUR_STEPS.length}`);
      await settled(page);
      if (step.select) {
        const card = (await tour.boundingBox())!;
        const drawn = await drawnTarget(page, step.select.kind, step.select.id);
        expect(drawn.boxes.length + drawn.points.length, `step ${index + 1}: its target is drawn`).toBeGreaterThan(0);
        for (const box of drawn.boxes)
          expect(intersects(box, card), `step ${index + 1}: the card covers ${JSON.stringify(box)}`).toBe(false);
        const covered = drawn.points.filter((p) => inside(p, card));
        expect(covered, `step ${index + 1}: the card covers the line`).toEqual([]);
        expect(drawn.sizes.length, `step ${index + 1}: its text is drawn`).toBeGreaterThan(0);
        const small = drawn.sizes.filter((s) => s.px < 14);
        expect(small, `step ${index + 1}: text under 14 px`).toEqual([]);
      }
      if (index < TOUR_STEPS.length - 1) await tour.getByRole('button', { name: 'Next' }).click();
    }
  });
}
