import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { unzipDownload } from './fixtures';
import { expect, openssl, test, verifies } from './designerPage';

test('one folder per host, from the UI: a worker gets its own kubelet.conf and CA certificates only', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=kubeadm');
  await designer.designKeyAlgorithm.selectOption('ECDSA-P256');
  const bundle = page.getByRole('region', { name: 'Bundle' });
  await bundle.getByLabel('Layout').selectOption('per-host');
  const { dir, paths } = await unzipDownload(await designer.generate());
  expect(paths.filter((p) => p.startsWith('kubernetes/node02/')).sort()).toEqual([
    'kubernetes/node02/kubelet.conf',
    'kubernetes/node02/pki/ca.crt',
  ]);
  expect(paths).toContain('kubernetes/controlplane/pki/ca.key');
  expect(paths).toContain('kubernetes/controlplane/pki/etcd/server.crt');
  const root = join(dir, 'kubernetes/controlplane/pki');
  expect(verifies(join(root, 'etcd/ca.crt'), join(root, 'etcd/server.crt'))).toBe(true);
});

test('external-CA mode, from the UI: no CA key in the zip, and the leaves still verify', async ({ designer, page }) => {
  await designer.open('?preset=kubeadm');
  await designer.designKeyAlgorithm.selectOption('ECDSA-P256');
  await page.getByRole('region', { name: 'Bundle' }).getByLabel('External CA: leave the CA private keys out').check();
  const { dir, paths } = await unzipDownload(await designer.generate());
  expect(paths.filter((p) => /ca\.key$/.test(p))).toEqual([]);
  expect(paths).toContain('kubernetes/make-certs.sh');
  const pki = join(dir, 'kubernetes/pki');
  expect(verifies(join(pki, 'ca.crt'), join(pki, 'apiserver.crt'))).toBe(true);
  expect(openssl('x509', '-in', join(pki, 'front-proxy-client.crt'), '-noout', '-issuer').trim()).toBe(
    'issuer=CN = front-proxy-ca',
  );
});

test("the Hard Way's flat layout, from the UI: its file names at the top, each leaf verified by openssl", async ({
  designer,
}) => {
  await designer.open('?preset=hardway');
  await designer.keyAlgorithm.selectOption('ECDSA-P256');
  const { dir, paths } = await unzipDownload(await designer.generate());
  const names = [
    'ca',
    'admin',
    'node-0',
    'node-1',
    'kube-proxy',
    'kube-scheduler',
    'kube-controller-manager',
    'kube-api-server',
    'service-accounts',
  ];
  for (const name of names) {
    expect(paths).toContain(`kubernetes-the-hard-way/${name}.crt`);
    expect(paths).toContain(`kubernetes-the-hard-way/${name}.key`);
  }
  expect(paths.filter((p) => p.split('/').length > 2)).toEqual([]);
  const root = join(dir, 'kubernetes-the-hard-way');
  for (const name of names.slice(1)) expect(verifies(join(root, 'ca.crt'), join(root, `${name}.crt`)), name).toBe(true);
  expect(
    openssl('x509', '-in', join(root, 'kube-scheduler.crt'), '-noout', '-subject', '-nameopt', 'RFC2253').trim(),
  ).toBe('subject=CN=system:kube-scheduler,O=system:kube-scheduler');
});

test("with a PKCS#12 password, kubectl users' credentials also come as .p12 files that openssl opens; the password is never stored", async ({
  designer,
  page,
}) => {
  await designer.open('?preset=kubeadm');
  const bundle = page.getByRole('region', { name: 'Bundle' });
  const password = bundle.getByLabel("PKCS#12 password for people's credentials");
  await password.fill('abc');
  await password.press('Enter');
  await expect(bundle.getByRole('alert')).toContainText('at least 4 characters');
  await password.fill('workshop-2026');
  await password.press('Enter');
  await expect(bundle.getByRole('alert')).toHaveCount(0);
  const { dir } = await unzipDownload(await designer.generate());
  const info = execFileSync(
    'bash',
    ['-c', `openssl pkcs12 -info -in '${join(dir, 'kubernetes/admin.p12')}' -passin pass:workshop-2026 -noenc 2>&1`],
    { encoding: 'utf8' },
  );
  expect(info).toContain('friendlyName: kubernetes-admin');
  expect(info).toMatch(/PBES2, PBKDF2, AES-256-CBC/);
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain('workshop-2026');
});

test('after a bundle, an edit says which certificates must be issued again and which hosts receive new files', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=kubeadm');
  await designer.designKeyAlgorithm.selectOption('ECDSA-P256');
  await designer.generate();
  await expect(designer.status).toContainText('Downloaded');
  await designer.chip('kube-apiserver@controlplane', 'apiserver.crt').click();
  const addSan = designer.inspector.getByRole('group', { name: 'DNS SANs' }).getByLabel('Add DNS SAN', { exact: true });
  await addSan.fill('api.example.com');
  await addSan.press('Enter');
  const changes = page.getByRole('region', { name: 'Changes since the last bundle' });
  await expect(changes).toContainText('1 certificate to issue again');
  await expect(changes.getByRole('listitem')).toHaveText(['apiserver.crt on controlplane: SANs']);
  await expect(changes).toContainText('Hosts that must receive new files: controlplane.');
  // Undone, the design is the bundle's again: nothing to do.
  await designer.command('Undo').click();
  await expect(changes).toHaveCount(0);
});
