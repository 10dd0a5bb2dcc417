import type { Page } from '@playwright/test';
import { expect, test } from './designerPage';

test('once opened, the app opens again and generates without a network', async ({ designer, page, context }) => {
  await designer.open('?preset=hardway');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  // The worker takes control of this page, so its requests (the generation worker too) go through it.
  await page.reload();
  await expect(page.locator('.react-flow__node-component').first()).toBeVisible();

  await context.setOffline(true);
  await page.reload();
  await expect(designer.node('kube-apiserver@server')).toContainText('kube-api-server.crt');
  await designer.keyAlgorithm.selectOption('ECDSA-P256');
  const download = await designer.generate();
  expect(download.suggestedFilename()).toBe('kubernetes-the-hard-way-pki.zip');
  await context.setOffline(false);
});

test('Large type enlarges the panels for the back of the room, and is remembered', async ({ designer, page }) => {
  await designer.open('?preset=course');
  const panel = page.getByRole('complementary', { name: 'Design details' });
  const before = (await panel.boundingBox())?.width ?? 0;
  await page.getByRole('button', { name: 'Large type' }).click();
  await expect(page.getByRole('button', { name: 'Large type' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await panel.boundingBox())?.width ?? 0).toBeGreaterThan(before * 1.1);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Large type' })).toHaveAttribute('aria-pressed', 'true');
});

/** Every text drawn in the canvas's boxes, by where it is, at its size on screen (font size times the zoom). */
function canvasTextSizes(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const zoom = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a;
    const sizes: Record<string, number> = {};
    for (const node of document.querySelectorAll('.react-flow__node')) {
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        if (t.textContent?.trim() && t.parentElement)
          sizes[`${node.getAttribute('data-id')}: ${t.textContent.trim()}`] =
            parseFloat(getComputedStyle(t.parentElement).fontSize) * zoom;
      }
    }
    return sizes;
  });
}

for (const preset of ['course', 'kubeadm', 'hardway']) {
  test(`Large type, from the toolbar, makes every text in the canvas's boxes at least 25 % larger with the side panel open: ${preset}`, async ({
    designer,
    page,
  }) => {
    await designer.open(`?preset=${preset}`);
    await expect(page.getByRole('complementary', { name: 'Design details' })).toBeVisible();
    await page.waitForTimeout(400);
    const before = await canvasTextSizes(page);
    const largeType = page.getByRole('banner').getByRole('button', { name: 'Large type' });
    await largeType.focus();
    await page.keyboard.press('Enter');
    await expect(largeType).toHaveAttribute('aria-pressed', 'true');
    await page.waitForTimeout(600);
    const after = await canvasTextSizes(page);
    const texts = Object.keys(before);
    expect(texts.length).toBeGreaterThan(10);
    expect(Object.keys(after).sort()).toEqual(texts.sort());
    const short = texts
      .filter((t) => after[t]! < before[t]! * 1.25)
      .map((t) => `${t}: ${before[t]!.toFixed(1)} -> ${after[t]!.toFixed(1)} px`);
    expect(short).toEqual([]);
    await expect(page.getByRole('complementary', { name: 'Design details' })).toBeVisible();
  });
}

test('Present, from the toolbar or the keyboard, hides the side panel and goes full screen; leaving full screen ends it', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=course');
  const panel = page.getByRole('complementary', { name: 'Design details' });
  const present = page.getByRole('banner').getByRole('button', { name: 'Present' });
  await present.focus();
  await page.keyboard.press('Enter');
  await expect(present).toHaveAttribute('aria-pressed', 'true');
  await expect(panel).toHaveCount(0);
  await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
  // Pressed again: back to the panel and the window.
  await page.keyboard.press('Enter');
  await expect(present).toHaveAttribute('aria-pressed', 'false');
  await expect(panel).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(false);
  // Full screen left some other way (Escape): presenting ends with it.
  await present.click();
  await expect(panel).toHaveCount(0);
  await page.evaluate(() => document.exitFullscreen());
  await expect(present).toHaveAttribute('aria-pressed', 'false');
  await expect(panel).toBeVisible();
});

test('a line runs from the chip of what the client presents to the chip of what the server presents', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=course');
  const edge = page.locator(
    'g[data-client="kubelet@node01"][data-server="kube-apiserver@controlplane"] path.react-flow__edge-path',
  );
  const d = (await edge.getAttribute('d'))!;
  const points = [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,]+(-?[\d.]+)/g)].map(([, x, y]) => ({
    x: Number(x),
    y: Number(y),
  }));
  // In the canvas's own coordinates: the first point on kubelet-client-node01.crt's row, the last on apiserver.crt's.
  const rowOf = async (component: string, label: string) => {
    const [chipBox, viewport] = await Promise.all([
      designer.chip(component, label).boundingBox(),
      page.locator('.react-flow__viewport').evaluate((el) => {
        const m = new DOMMatrix(getComputedStyle(el).transform);
        const r = el.parentElement!.getBoundingClientRect();
        return { zoom: m.a, x: m.e + r.left, y: m.f + r.top };
      }),
    ]);
    const top = (chipBox!.y - viewport.y) / viewport.zoom;
    return { top, bottom: top + chipBox!.height / viewport.zoom };
  };
  const from = await rowOf('kubelet@node01', 'kubelet-client-node01.crt');
  const to = await rowOf('kube-apiserver@controlplane', 'apiserver.crt');
  expect(points[0]!.y).toBeGreaterThan(from.top);
  expect(points[0]!.y).toBeLessThan(from.bottom);
  expect(points.at(-1)!.y).toBeGreaterThan(to.top);
  expect(points.at(-1)!.y).toBeLessThan(to.bottom);
});
