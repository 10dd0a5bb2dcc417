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
