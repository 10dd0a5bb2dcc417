// Open design reads a kubeadm-config.yaml (issue 21): the kubeadm preset with its nodes, names
// and SANs, what it cannot honour named in the notice, the bundle made from it carrying every
// certSAN; a YAML file that is not a kubeadm configuration is refused and the design kept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileChooser } from '@playwright/test';
import { unzipDownload } from './fixtures';
import { expect, openssl, test, type Designer } from './designerPage';

async function open(designer: Designer, files: Parameters<FileChooser['setFiles']>[0]): Promise<void> {
  const chooser = designer.page.waitForEvent('filechooser');
  await designer.command('Open design').click();
  await (await chooser).setFiles(files);
}

test('Open design of examples/kubeadm-config.yaml: three control planes, the fields it does not honour named, every certSAN in apiserver.crt', async ({
  designer,
  page,
}) => {
  test.setTimeout(120_000);
  await designer.open('?preset=course');
  await open(designer, 'examples/kubeadm-config.yaml');
  await expect(designer.preset).toHaveValue('kubeadm');
  for (const cp of ['cp1', 'cp2', 'cp3']) await expect(designer.node(`etcd@${cp}`)).toBeVisible();
  const notice = page.getByRole('status').filter({ hasText: 'Opened kubeadm-config.yaml as a kubeadm design.' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('ClusterConfiguration.networking.podSubnet');

  const bundle = await unzipDownload(await designer.generate());
  const apiserver = join(bundle.dir, 'prod-eu1/pki/apiserver.crt');
  const sans = openssl('x509', '-in', apiserver, '-noout', '-ext', 'subjectAltName');
  for (const san of ['IP Address:10.0.0.100', 'DNS:api.prod-eu1.example.com', 'DNS:api.internal.example.com'])
    expect(sans).toContain(san);
  expect(openssl('x509', '-in', apiserver, '-noout', '-text')).toMatch(/ecdsa-with-SHA256/);
});

test('Open design names a kubeadm field it cannot honour, and refuses a YAML file that is no kubeadm configuration', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=course');
  const external = readFileSync('examples/kubeadm-config.yaml', 'utf8').replace(
    'etcd:\n  local:',
    'etcd:\n  external:\n    endpoints: [https://10.9.9.9:2379]\n  local:',
  );
  await open(designer, { name: 'external-etcd.yaml', mimeType: 'application/yaml', buffer: Buffer.from(external) });
  await expect(
    page.getByRole('status').filter({
      hasText: 'Not honoured (this tool cannot make its certificates so): ClusterConfiguration.etcd.external.endpoints',
    }),
  ).toBeVisible();
  await expect(designer.preset).toHaveValue('kubeadm');

  await open(designer, { name: 'values.yaml', mimeType: 'application/yaml', buffer: Buffer.from('replicaCount: 2\n') });
  await expect(designer.errorNotice).toContainText('values.yaml was not opened');
  await expect(designer.errorNotice).toContainText('Your design is unchanged.');
  await expect(designer.node('etcd@cp1')).toBeVisible();
});
