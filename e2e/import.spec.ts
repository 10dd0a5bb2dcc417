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

test('Import PKI by the file picker: roles found, strays listed with a reason, checks and timeline on the imported certificates', async ({ designer, page }) => {
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
  await expect(page.getByRole('region', { name: 'Problems' })).toContainText(/certificates of the last bundle, read back, pass the same checks/);

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
  await page.getByLabel('Import PKI').setInputFiles([{ name: 'broken.zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip at all') }]);
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

test('re-issue an imported PKI with its own CA: fresh leaves that the existing ca.crt verifies', async ({ designer, page }) => {
  await designer.open('?preset=kubeadm');
  await designer.designKeyAlgorithm.selectOption('ECDSA-P256');
  const first = await designer.generate();
  const original = await unzipDownload(first);
  await designer.open('?preset=course');
  await page.getByLabel('Import PKI').setInputFiles(await first.path());
  const report = page.getByRole('region', { name: 'Import' });
  await report.getByLabel(/Keep the imported CAs and re-sign the leaves \(3 CA keys imported\)/).check();
  const again = await unzipDownload(await designer.generate());
  const fresh = join(again.dir, 'kubernetes/pki/apiserver.crt');
  const old = join(original.dir, 'kubernetes/pki/apiserver.crt');
  expect(readFileSync(fresh, 'utf8')).not.toBe(readFileSync(old, 'utf8'));
  expect(readFileSync(join(again.dir, 'kubernetes/pki/ca.crt'), 'utf8')).toBe(readFileSync(join(original.dir, 'kubernetes/pki/ca.crt'), 'utf8'));
  expect(verifies(join(original.dir, 'kubernetes/pki/ca.crt'), fresh)).toBe(true);
  expect(verifies(join(original.dir, 'kubernetes/pki/etcd/ca.crt'), join(again.dir, 'kubernetes/pki/etcd/server.crt'))).toBe(true);
});

test('an imported certificate expiring in 20 days appears in Problems as due for renewal', async ({ designer, page }) => {
  // Issued 345 days ago for a year, as a cluster's own certificate would be by now.
  const day = 24 * 60 * 60 * 1000;
  const ca = await createCa({ subject: [{ type: 'CN', value: 'kubernetes' }], isCa: true, serverAuth: false, clientAuth: false, dnsNames: [], ipAddresses: [], validityDays: 3650 }, 'ECDSA-P256', new Date(Date.now() - 400 * day));
  const leaf = await issueLeaf({
    subject: [{ type: 'CN', value: 'kube-apiserver-kubelet-client' }], isCa: false, serverAuth: false, clientAuth: true, dnsNames: [], ipAddresses: [], validityDays: 365,
  }, 'ECDSA-P256', ca, new Date(Date.now() - 345 * day));

  await designer.open('?preset=kubeadm');
  await page.getByLabel('Import PKI').setInputFiles([
    { name: 'pki/ca.crt', mimeType: 'application/x-pem-file', buffer: Buffer.from(ca.certPem) },
    { name: 'pki/apiserver-kubelet-client.crt', mimeType: 'application/x-pem-file', buffer: Buffer.from(leaf.certPem) },
  ]);
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems).toContainText(/apiserver-kubelet-client\.crt has (19|20)d residual time/);
});
