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

test('Large type enlarges the canvas\'s type too, and the view is refitted to hold it all', async ({ designer, page }) => {
  await designer.open('?preset=course');
  const chip = designer.chip('kube-apiserver@controlplane', 'apiserver.crt');
  const fontOf = () => chip.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const before = await fontOf();
  await page.getByRole('button', { name: 'Large type' }).click();
  await expect.poll(fontOf).toBeGreaterThan(before * 1.2);
  // Refitted: every host is still inside the canvas.
  const canvas = (await designer.canvas.boundingBox())!;
  for (const host of ['controlplane', 'node01', 'node02']) {
    await expect.poll(async () => {
      const box = (await designer.node(`host:${host}`).boundingBox())!;
      return box.x >= canvas.x && box.y >= canvas.y && box.x + box.width <= canvas.x + canvas.width + 1 && box.y + box.height <= canvas.y + canvas.height + 1;
    }).toBe(true);
  }
});

test('a line runs from the chip of what the client presents to the chip of what the server presents', async ({ designer, page }) => {
  await designer.open('?preset=course');
  const edge = page.locator('g[data-client="kubelet@node01"][data-server="kube-apiserver@controlplane"] path.react-flow__edge-path');
  const d = (await edge.getAttribute('d'))!;
  const points = [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,]+(-?[\d.]+)/g)].map(([, x, y]) => ({ x: Number(x), y: Number(y) }));
  // In the canvas's own coordinates: the first point on kubelet-client-node01.crt's row, the last on apiserver.crt's.
  const rowOf = async (component: string, label: string) => {
    const [chipBox, viewport] = await Promise.all([designer.chip(component, label).boundingBox(), page.locator('.react-flow__viewport').evaluate((el) => {
      const m = new DOMMatrix(getComputedStyle(el).transform);
      const r = el.parentElement!.getBoundingClientRect();
      return { zoom: m.a, x: m.e + r.left, y: m.f + r.top };
    })]);
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
