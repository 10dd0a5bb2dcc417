import { join } from 'node:path';
import { unzipDownload } from './fixtures';
import { expect, openssl, test } from './designerPage';

test('the certificate viewer decodes a generated certificate as openssl reads the downloaded one', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=kubeadm');
  await designer.designKeyAlgorithm.selectOption('ECDSA-P256');
  const { dir } = await unzipDownload(await designer.generate());
  await expect(page.getByRole('region', { name: 'Problems' })).toContainText(
    /The \d+ last bundle's certificates, read back, pass the same checks/,
  );
  await designer.chip('kube-apiserver@controlplane', 'apiserver.crt').click();

  const viewer = designer.inspector.getByRole('region', { name: 'Certificate' });
  await expect(viewer).toContainText('CN=kube-apiserver');
  await expect(viewer).toContainText('DNS:kubernetes.default.svc.cluster.local');
  await expect(viewer).toContainText('IP:10.96.0.1');
  await expect(viewer).toContainText('serverAuth');
  await expect(viewer).toContainText('ECDSA P-256');

  const file = join(dir, 'kubernetes/pki/apiserver.crt');
  const fingerprint = openssl('x509', '-in', file, '-noout', '-fingerprint', '-sha256').trim().replace(/^.*=/, '');
  await expect(viewer).toContainText(fingerprint);
  const serial = openssl('x509', '-in', file, '-noout', '-serial')
    .trim()
    .replace(/^serial=/, '');
  await expect(viewer).toContainText(serial);

  await viewer.getByText('The same with openssl, by hand').click();
  await expect(viewer.locator('pre')).toContainText(
    'openssl ecparam -name prime256v1 -genkey -noout -out apiserver.key',
  );

  // After an edit the old certificate no longer describes the design.
  await page.getByRole('button', { name: 'Remove DNS SAN kubernetes', exact: true }).click();
  await expect(viewer).toContainText('Generate the bundle to decode');
});
