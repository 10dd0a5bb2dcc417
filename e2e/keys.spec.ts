import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { designFromFragment } from '../src/export/shareLink';
import { unzipDownload } from './fixtures';
import { expect, test, verifies } from './designerPage';

// Base64 of DER key material: PKCS#8 and SPKI of RSA keys start "MII", and a PEM names itself.
const KEY_MATERIAL = /MII[A-Za-z0-9+/]{20}|PRIVATE KEY|PUBLIC KEY/;

test('background keys fill while the person designs, and no key reaches storage, a saved design or a share link', async ({
  designer,
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await designer.open('?preset=kubeadm');
  const ready = page.locator('.pool-status');
  await expect(ready).toHaveText(/^(\d+) of \1 keys ready$/, { timeout: 60_000 });

  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toMatch(KEY_MATERIAL);
  const saved = await designer.download(designer.command('Save design'));
  expect(readFileSync(await saved.path(), 'utf8')).not.toMatch(KEY_MATERIAL);
  await designer.command('Share link').click();
  await expect(page.getByRole('status').filter({ hasText: 'Share link copied' })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const shared = designFromFragment(new URL(link).hash);
  expect(shared?.ok).toBe(true);
  expect(JSON.stringify(shared)).not.toMatch(KEY_MATERIAL);

  // Turned off, the pool lets its keys go and says nothing more.
  await page
    .getByRole('region', { name: 'Bundle' })
    .getByLabel(/Make keys in the background/)
    .uncheck();
  await expect(ready).toHaveCount(0);
});

test('cancelling a generation leaves the pool working: it fills again and the next bundle is whole', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=kubeadm');
  await designer.hostTitle('node01').click();
  const poolSize = designer.inspector.getByLabel('Nodes in this pool');
  await poolSize.fill('60');
  await poolSize.press('Enter');
  const ready = page.locator('.pool-status');
  await expect(ready).toHaveText(/^(\d+) of \1 keys ready$/, { timeout: 60_000 });
  // Twice the design: the pool covers half, the rest is made after the click, and the run is cancelled.
  await poolSize.fill('120');
  await poolSize.press('Enter');
  await page.getByRole('button', { name: 'Generate bundle' }).click();
  await expect(designer.status).toContainText(/keys\/s/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(designer.status).toHaveText('Cancelled: nothing was downloaded');

  await expect(ready).toHaveText(/^(\d+) of \1 keys ready$/, { timeout: 90_000 });
  const { dir } = await unzipDownload(await designer.generate());
  const kubernetes = join(dir, 'kubernetes');
  expect(verifies(join(kubernetes, 'pki/ca.crt'), join(kubernetes, 'pki/apiserver.crt'))).toBe(true);
  expect(
    verifies(join(kubernetes, 'nodes/node01-120/pki/ca.crt'), join(kubernetes, 'pki/apiserver-kubelet-client.crt')),
  ).toBe(true);
});

test('without the key-maker frame (blocked here), the page makes every key itself and the bundle is whole', async ({
  designer,
  page,
}) => {
  await page.route('**/keymaker.html', (route) => route.abort());
  await designer.open('?preset=kubeadm');
  await expect(page.locator('.pool-status')).toHaveText(/^(\d+) of \1 keys ready$/, { timeout: 60_000 });
  // The frame that never answered is taken away again.
  await expect.poll(() => page.locator('iframe[title="key maker"]').count(), { timeout: 15_000 }).toBe(0);
  const { dir } = await unzipDownload(await designer.generate());
  const kubernetes = join(dir, 'kubernetes');
  expect(verifies(join(kubernetes, 'pki/ca.crt'), join(kubernetes, 'pki/apiserver.crt'))).toBe(true);
});
