import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCa, issueLeaf } from '../src/pki/issue';
import { unzipDownload } from './fixtures';
import { expect, test, verifies } from './designerPage';

/** A kubeadm bundle made by the app itself, as the file to import. */
async function kubeadmZip(designer: import('./designerPage').Designer): Promise<Buffer> {
  await designer.open('?preset=kubeadm');
  await designer.designKeyAlgorithm.selectOption('ECDSA-P256');
  return readFileSync(await (await designer.generate()).path());
}

test('Import PKI by the file picker: roles found, strays listed with a reason, checks and timeline on the imported certificates', async ({
  designer,
  page,
}) => {
  const zip = await kubeadmZip(designer);
  await designer.open('?preset=course');
  await page.getByLabel('Import PKI').setInputFiles([
    { name: 'cluster.zip', mimeType: 'application/zip', buffer: zip },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') },
  ]);
  const report = page.getByRole('region', { name: 'Import' });
  await expect(report).toContainText(/\d+ files recognised/);
  await expect(report).toContainText('notes.txt');
  await expect(designer.preset).toHaveValue('kubeadm');
  await expect(designer.node('etcd@controlplane')).toContainText('etcd/server.crt');
  await expect(page.getByRole('region', { name: 'Problems' })).toContainText(
    /The \d+ imported certificates, read back, pass the same checks/,
  );

  await page.getByRole('region', { name: 'Bundle' }).getByRole('button', { name: 'Expiry timeline' }).click();
  const timeline = page.getByRole('region', { name: 'Expiry timeline' });
  await expect(timeline).toContainText('of the certificates made');
  await expect(timeline.locator('.tl-row')).toHaveCount(17);
});

test('Import PKI by dropping a zip anywhere on the page', async ({ designer, page }) => {
  const zip = await kubeadmZip(designer);
  await designer.open('?preset=hardway');
  await page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'cluster.zip', { type: 'application/zip' }));
    const target = document.querySelector('.react-flow__pane') ?? document.body;
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, zip.toString('base64'));
  await expect(page.getByRole('region', { name: 'Import' })).toContainText(/\d+ files recognised/);
  await expect(designer.preset).toHaveValue('kubeadm');
  await designer.chip('kube-apiserver@controlplane', 'apiserver.crt').click();
  await expect(designer.inspector.getByRole('region', { name: 'Certificate' })).toContainText('CN=kube-apiserver');
});

test('a file that holds no cluster certificate is refused and the design kept', async ({ designer, page }) => {
  await designer.open('?preset=course');
  await page
    .getByLabel('Import PKI')
    .setInputFiles([{ name: 'broken.zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip at all') }]);
  await expect(page.getByRole('alert').filter({ hasText: 'your design is unchanged' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Import' })).toContainText('broken.zip');
  await expect(designer.preset).toHaveValue('course');
});

test('Import a folder: a copy of /etc/kubernetes is read file by file', async ({ designer, page }) => {
  await designer.open('?preset=kubeadm');
  await designer.designKeyAlgorithm.selectOption('ECDSA-P256');
  const { dir } = await unzipDownload(await designer.generate());
  await designer.open('?preset=course');
  await page.getByLabel('Import a folder').setInputFiles(join(dir, 'kubernetes'));
  await expect(page.getByRole('region', { name: 'Import' })).toContainText(/\d+ files recognised/);
  await expect(designer.preset).toHaveValue('kubeadm');
  await expect(page.getByRole('region', { name: 'Problems' })).toContainText(/read back, pass the same checks/);
});

/** A kubeadm bundle made by the app, unzipped, then imported into a page showing another preset. */
async function importedOwnBundle(designer: import('./designerPage').Designer): Promise<{ dir: string }> {
  await designer.open('?preset=kubeadm');
  await designer.designKeyAlgorithm.selectOption('ECDSA-P256');
  const first = await designer.generate();
  const original = await unzipDownload(first);
  await designer.open('?preset=course');
  await designer.page.getByLabel('Import PKI').setInputFiles(await first.path());
  return original;
}

test('re-issue an imported PKI with its own CA: fresh leaves that the existing ca.crt verifies', async ({
  designer,
  page,
}) => {
  const original = await importedOwnBundle(designer);
  const report = page.getByRole('region', { name: 'Import' });
  await report.getByLabel(/Keep the imported CAs and re-sign the leaves \(3 CA keys imported\)/).check();
  const again = await unzipDownload(await designer.generate());
  const fresh = join(again.dir, 'kubernetes/pki/apiserver.crt');
  const old = join(original.dir, 'kubernetes/pki/apiserver.crt');
  expect(readFileSync(fresh, 'utf8')).not.toBe(readFileSync(old, 'utf8'));
  expect(readFileSync(join(again.dir, 'kubernetes/pki/ca.crt'), 'utf8')).toBe(
    readFileSync(join(original.dir, 'kubernetes/pki/ca.crt'), 'utf8'),
  );
  expect(verifies(join(original.dir, 'kubernetes/pki/ca.crt'), fresh)).toBe(true);
  expect(
    verifies(join(original.dir, 'kubernetes/pki/etcd/ca.crt'), join(again.dir, 'kubernetes/pki/etcd/server.crt')),
  ).toBe(true);
});

test('an imported certificate expiring in 20 days appears in Problems as due for renewal', async ({
  designer,
  page,
}) => {
  // Issued 345 days ago for a year, as a cluster's own certificate would be by now.
  const day = 24 * 60 * 60 * 1000;
  const ca = await createCa(
    {
      subject: [{ type: 'CN', value: 'kubernetes' }],
      isCa: true,
      serverAuth: false,
      clientAuth: false,
      dnsNames: [],
      ipAddresses: [],
      validityDays: 3650,
    },
    'ECDSA-P256',
    new Date(Date.now() - 400 * day),
  );
  const leaf = await issueLeaf(
    {
      subject: [{ type: 'CN', value: 'kube-apiserver-kubelet-client' }],
      isCa: false,
      serverAuth: false,
      clientAuth: true,
      dnsNames: [],
      ipAddresses: [],
      validityDays: 365,
    },
    'ECDSA-P256',
    ca,
    new Date(Date.now() - 345 * day),
  );

  await designer.open('?preset=kubeadm');
  await page.getByLabel('Import PKI').setInputFiles([
    { name: 'pki/ca.crt', mimeType: 'application/x-pem-file', buffer: Buffer.from(ca.certPem) },
    { name: 'pki/apiserver-kubelet-client.crt', mimeType: 'application/x-pem-file', buffer: Buffer.from(leaf.certPem) },
  ]);
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems).toContainText(/apiserver-kubelet-client\.crt has (19|20)d residual time/);
});

test('each credential says where it came from, and the import report, its certificates and the re-issue choice outlive a reload', async ({
  designer,
  page,
}) => {
  const day = 24 * 60 * 60 * 1000;
  const ca = await createCa(
    {
      subject: [{ type: 'CN', value: 'kubernetes' }],
      isCa: true,
      serverAuth: false,
      clientAuth: false,
      dnsNames: [],
      ipAddresses: [],
      validityDays: 3650,
    },
    'ECDSA-P256',
    new Date(Date.now() - day),
  );
  const leaf = await issueLeaf(
    {
      subject: [{ type: 'CN', value: 'kube-apiserver-kubelet-client' }],
      isCa: false,
      serverAuth: false,
      clientAuth: true,
      dnsNames: [],
      ipAddresses: [],
      validityDays: 365,
    },
    'ECDSA-P256',
    ca,
    new Date(Date.now() - day),
  );
  await designer.open('?preset=kubeadm');
  await page.getByLabel('Import PKI').setInputFiles([
    { name: 'pki/ca.crt', mimeType: 'application/x-pem-file', buffer: Buffer.from(ca.certPem) },
    { name: 'pki/ca.key', mimeType: 'application/x-pem-file', buffer: Buffer.from(ca.keyPem) },
    { name: 'pki/apiserver-kubelet-client.crt', mimeType: 'application/x-pem-file', buffer: Buffer.from(leaf.certPem) },
  ]);
  const report = page.getByRole('region', { name: 'Import' });
  await expect(report).toContainText('Filled in from the kubeadm preset');
  await expect(report.getByRole('listitem').filter({ hasText: /^apiserver\.crt$/ })).toBeVisible();
  await report.getByLabel(/Keep the imported CAs/).check();

  const origin = (component: string, label: string) =>
    designer
      .chip(component, label)
      .click()
      .then(() => designer.inspector.getByRole('region', { name: 'Certificate' }).locator('.cert-origin'));
  await expect(await origin('kube-apiserver@controlplane', 'apiserver-kubelet-client.crt')).toHaveText(
    'Origin: Imported from pki/apiserver-kubelet-client.crt.',
  );
  await expect(await origin('kube-apiserver@controlplane', 'apiserver.crt')).toHaveText(
    /Origin: Filled in from the kubeadm preset/,
  );
  // On the drawing too: a filled-in chip is dashed, an imported one is not.
  await expect(designer.chip('kube-apiserver@controlplane', 'apiserver.crt')).toHaveClass(/is-filled-in/);
  await expect(designer.chip('kube-apiserver@controlplane', 'apiserver-kubelet-client.crt')).not.toHaveClass(
    /is-filled-in/,
  );

  await page.reload();
  await expect(report).toContainText('Filled in from the kubeadm preset');
  await expect(report).toContainText(/CA keys \(1\) were not kept across the reload/);
  await expect(report.getByLabel(/Keep the imported CAs/)).toBeChecked();
  await expect(page.getByRole('region', { name: 'Problems' })).toContainText(
    /The \d+ imported certificates, read back/,
  );
  await expect(await origin('kube-apiserver@controlplane', 'apiserver-kubelet-client.crt')).toHaveText(
    'Origin: Imported from pki/apiserver-kubelet-client.crt.',
  );
  // Re-signing needs the CA key, which is never stored: Generate says so instead of making a new CA.
  await page.getByRole('button', { name: 'Generate bundle' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'The imported CA keys are no longer in this page' }),
  ).toBeVisible();
});

test('an app bundle imported again opens as drawn: the pool stays a pool, the custom server stays on its host', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=kubeadm');
  await designer.designKeyAlgorithm.selectOption('ECDSA-P256');
  const form = designer.inspector.getByRole('group', { name: 'Add component' });
  await form.getByLabel('Component name').fill('ingress');
  await form.getByLabel('Role').selectOption('server');
  await form.getByLabel('Runs on').selectOption({ label: 'node01' });
  await form.getByRole('button', { name: 'Add component' }).click();
  await designer.hostTitle('node02').click();
  const poolSize = designer.inspector.getByLabel('Nodes in this pool');
  await poolSize.fill('5');
  await poolSize.press('Enter');
  await expect(designer.node('host:node02')).toContainText('node02 × 5');
  const zip = readFileSync(await (await designer.generate()).path());
  const drawn = await page.evaluate(() => JSON.parse(localStorage.getItem('k8s-tls-designer')!).state.design);

  await designer.open('?preset=course');
  await page
    .getByLabel('Import PKI')
    .setInputFiles([{ name: 'kubernetes-pki.zip', mimeType: 'application/zip', buffer: zip }]);
  await expect(page.getByRole('region', { name: 'Import' })).toContainText(
    /\d+ files recognised, (\d+) of \1 keys match/,
  );
  await expect(designer.node('host:node02')).toContainText('node02 × 5');
  await expect(designer.node('ingress')).toContainText('ingress.crt');
  const imported = await page.evaluate(() => JSON.parse(localStorage.getItem('k8s-tls-designer')!).state.design);
  expect(imported).toEqual(drawn);
});

test('renew an imported PKI: the chosen leaf is renewed under the same CA, every other file comes back byte for byte', async ({
  designer,
  page,
}) => {
  const original = await importedOwnBundle(designer);
  const renew = page.getByRole('group', { name: 'Renew' });
  // Nothing is due within 30 days of a new bundle: nothing is pre-selected.
  await expect(renew.getByRole('button', { name: 'Download renewed bundle' })).toBeDisabled();
  await renew.getByRole('checkbox', { name: /^apiserver\.crt on controlplane: expires/ }).check();
  await expect(renew).toContainText('1 renewed under the imported CAs');
  const download = page.waitForEvent('download');
  await renew.getByRole('button', { name: 'Download renewed bundle' }).click();
  const renewed = await unzipDownload(await download);
  const at = (d: string, p: string) => join(d, 'kubernetes', p);
  expect(readFileSync(at(renewed.dir, 'pki/apiserver.crt'), 'utf8')).not.toBe(
    readFileSync(at(original.dir, 'pki/apiserver.crt'), 'utf8'),
  );
  expect(verifies(at(original.dir, 'pki/ca.crt'), at(renewed.dir, 'pki/apiserver.crt'))).toBe(true);
  for (const same of [
    'pki/ca.crt',
    'pki/ca.key',
    'admin.conf',
    'pki/apiserver-kubelet-client.crt',
    'pki/apiserver-kubelet-client.key',
    'pki/sa.key',
  ]) {
    expect(readFileSync(at(renewed.dir, same), 'utf8'), same).toBe(readFileSync(at(original.dir, same), 'utf8'));
  }
});
