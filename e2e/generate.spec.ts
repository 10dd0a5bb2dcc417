import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { expect, test, unzipDownload } from './fixtures';

const openssl = (...args: string[]) =>
  execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

// kubeadm's layout and trust domains (reference §1.2): which CA must verify which leaf.
const KUBEADM_CHAINS: Record<string, string> = {
  'pki/apiserver.crt': 'pki/ca.crt',
  'pki/apiserver-kubelet-client.crt': 'pki/ca.crt',
  'pki/apiserver-etcd-client.crt': 'pki/etcd/ca.crt',
  'pki/front-proxy-client.crt': 'pki/front-proxy-ca.crt',
  'pki/etcd/server.crt': 'pki/etcd/ca.crt',
  'pki/etcd/peer.crt': 'pki/etcd/ca.crt',
  'pki/etcd/healthcheck-client.crt': 'pki/etcd/ca.crt',
};
const KUBECONFIGS = ['admin.conf', 'super-admin.conf', 'controller-manager.conf', 'scheduler.conf', 'kubelet.conf'];

test('?preset=kubeadm generates a bundle that openssl verifies', async ({ designer }) => {
  await designer.open('?preset=kubeadm');
  await expect(designer.preset).toHaveValue('kubeadm');
  const download = await designer.generate();
  expect(download.suggestedFilename()).toBe('kubernetes-pki.zip');
  await expect(designer.status).toContainText('Downloaded kubernetes-pki.zip');

  const { dir, paths } = await unzipDownload(download);
  const root = join(dir, 'kubernetes');
  for (const file of [
    ...Object.keys(KUBEADM_CHAINS),
    ...Object.values(KUBEADM_CHAINS),
    'pki/sa.key',
    'pki/sa.pub',
    ...KUBECONFIGS,
    'README.txt',
  ]) {
    expect(paths, `${file} is in the bundle`).toContain(`kubernetes/${file}`);
  }
  for (const [leaf, ca] of Object.entries(KUBEADM_CHAINS)) {
    expect(openssl('verify', '-CAfile', join(root, ca), join(root, leaf)).trim()).toBe(`${join(root, leaf)}: OK`);
    const leafKey = join(root, leaf.replace(/\.crt$/, '.key'));
    expect(openssl('pkey', '-in', leafKey, '-pubout'), `${leaf} matches its key`).toBe(
      openssl('x509', '-in', join(root, leaf), '-noout', '-pubkey'),
    );
  }
  // A leaf must not verify against a CA of another trust domain.
  expect(() => openssl('verify', '-CAfile', join(root, 'pki/ca.crt'), join(root, 'pki/etcd/server.crt'))).toThrow();

  for (const conf of KUBECONFIGS) {
    const kubeconfig = parse(readFileSync(join(root, conf), 'utf8'));
    const user = kubeconfig.users[0].user;
    const certPath = join(dir, `${conf}.crt`);
    writeFileSync(certPath, Buffer.from(user['client-certificate-data'], 'base64'));
    expect(openssl('verify', '-CAfile', join(root, 'pki/ca.crt'), certPath).trim(), conf).toBe(`${certPath}: OK`);
    expect(Buffer.from(kubeconfig.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(
      readFileSync(join(root, 'pki/ca.crt'), 'utf8'),
    );
  }
  expect(openssl('x509', '-in', join(root, 'pki/apiserver.crt'), '-noout', '-ext', 'subjectAltName')).toContain(
    'DNS:kubernetes.default.svc.cluster.local',
  );
  // kubeadm init --config reads the matching ClusterConfiguration.
  const config = parse(readFileSync(join(root, 'kubeadm-config.yaml'), 'utf8'));
  expect(config).toMatchObject({
    kind: 'ClusterConfiguration',
    encryptionAlgorithm: 'RSA-2048',
    certificateValidityPeriod: '8760h0m0s',
  });
});

test('the preset picker redraws the topology, and the page stays on its own origin', async ({
  designer,
  page,
  baseURL,
}) => {
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['blob:', 'data:'].includes(url.protocol) && url.origin !== new URL(baseURL!).origin)
      foreign.push(request.url());
  });
  await designer.open('?preset=course');
  await expect(designer.node('kube-apiserver@controlplane')).toContainText('apiserver.crt');
  await designer.preset.selectOption({ label: 'Kubernetes The Hard Way' });
  await expect(designer.node('kube-apiserver@server')).toContainText('kube-api-server.crt');
  await expect(page.getByText(/Corrects two upstream typos/)).toBeVisible();
  await designer.preset.selectOption({ label: 'kubeadm' });
  await expect(designer.node('etcd@controlplane')).toContainText('etcd/server.crt');
  const download = await designer.generate();
  await unzipDownload(download);
  expect(foreign).toEqual([]);
});

test('generation can be cancelled and leaves the page usable', async ({ designer }) => {
  await designer.open('?preset=hardway');
  await expect(designer.keyAlgorithm).toHaveValue('RSA-4096');
  await designer.generateButton.click();
  await expect(designer.page.getByRole('progressbar', { name: 'Generating keys and certificates' })).toBeVisible();
  await designer.cancelButton.click();
  await expect(designer.status).toHaveText('Cancelled: nothing was downloaded');
  await expect(designer.generateButton).toBeEnabled();
  // The page still answers while nothing runs: switching preset redraws at once.
  await designer.preset.selectOption('course');
  await expect(designer.node('etcd@controlplane')).toContainText('etcdserver.crt');
});

// A finished generation's worker runs the next one (its code is compiled): no key may cross over.
test('two bundles in a row from one page share no key, and the second verifies', async ({ designer, page }) => {
  await designer.open('?preset=kubeadm');
  await expect(page.locator('.pool-status')).toHaveText(/^(\d+) of \1 keys ready$/, { timeout: 60_000 });
  const keysOf = async () => {
    const { dir, paths } = await unzipDownload(await designer.generate());
    return { dir, keys: paths.filter((p) => p.endsWith('.key')).map((p) => readFileSync(join(dir, p), 'utf8')) };
  };
  const first = await keysOf();
  await expect(designer.status).toContainText('Downloaded kubernetes-pki.zip');
  const second = await keysOf();
  expect(second.keys.length).toBe(first.keys.length);
  expect(new Set([...first.keys, ...second.keys]).size).toBe(first.keys.length * 2);
  const root = join(second.dir, 'kubernetes');
  expect(openssl('verify', '-CAfile', join(root, 'pki/ca.crt'), join(root, 'pki/apiserver.crt')).trim()).toBe(
    `${join(root, 'pki/apiserver.crt')}: OK`,
  );
});
