// Issue 20: foreign PKIs open in the browser by what their certificates say, and draw only what
// their files prove: the original Hard Way made by cfssl, and a kubeadm tree that is not this app's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveCfssl, makeHardwayCfssl } from '../src/export/testing/hardwayTrees';
import { unzipDownload } from './fixtures';
import { expect, test } from './designerPage';

test('the Hard Way made by cfssl opens as the Hard Way: ca.pem is the CA, every file has its role, the workers its certificates name are drawn', async ({
  designer,
  page,
}) => {
  test.skip(!haveCfssl, 'cfssl is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'kthw-e2e-'));
  try {
    makeHardwayCfssl(join(dir, 'kthw'));
    await designer.open('?preset=kubeadm');
    await page.getByLabel('Import a folder').setInputFiles(join(dir, 'kthw'));
    const report = page.getByRole('region', { name: 'Import' });
    await expect(report).toContainText(
      'A Kubernetes The Hard Way (cfssl edition) PKI: 17 files recognised, 17 of 17 keys match',
    );
    await expect(report).not.toContainText('Certificates with no role here');
    await expect(designer.preset).toHaveValue('hardway');
    for (const worker of ['worker-0', 'worker-1', 'worker-2'])
      await expect(designer.node(`host:${worker}`)).toBeVisible();
    await expect(designer.chip('kube-apiserver@server', 'kubernetes.pem')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Problems' })).toContainText(/read back, pass the same checks/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a kubeadm tree not made by this app draws no kube-proxy, and the report says why', async ({ designer, page }) => {
  await designer.open('?preset=kubeadm');
  await designer.designKeyAlgorithm.selectOption('ECDSA-P256');
  const { dir } = await unzipDownload(await designer.generate());
  // Without the design file this app writes beside its bundles: a tree as kubeadm leaves it.
  rmSync(join(dir, 'kubernetes/k8s-tls-design.json'));
  await designer.open('?preset=course');
  await page.getByLabel('Import a folder').setInputFiles(join(dir, 'kubernetes'));
  const report = page.getByRole('region', { name: 'Import' });
  await expect(report).toContainText(/A kubeadm PKI: \d+ files recognised/);
  await expect(report.getByRole('heading', { name: 'Not drawn: no imported file proves them' })).toBeVisible();
  await expect(report).toContainText('kube-proxy on node01: it holds no certificate');
  await expect(report).toContainText(/metrics-server \(aggregated API\) on node01: drawn from the preset/);
  await expect(page.locator('.react-flow__node').filter({ hasText: 'kube-proxy' })).toHaveCount(0);
  await expect(designer.node('etcd@controlplane')).toContainText('etcd/server.crt');
});
