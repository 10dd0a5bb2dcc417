import { expect, test } from 'vitest';
import { importPki, type ImportReport } from '../export/importPki';
import { createCa, issueLeaf } from '../pki/issue';
import { createAppStore } from './createAppStore';
import { presetDesign } from './designSlice';
import { memoryStorage } from './setAside';
import { fromStoredImport, toStoredImport } from './storedImport';

async function imported(): Promise<ImportReport> {
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
    new Date(),
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
    new Date(),
  );
  const file = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });
  return importPki([
    file('pki/ca.crt', ca.certPem),
    file('pki/ca.key', ca.keyPem),
    file('pki/apiserver-kubelet-client.crt', leaf.certPem),
  ]);
}

test('an import outlives a reload with its certificates and choices, and without a byte of any private key', async () => {
  const report = await imported();
  expect(Object.keys(report.caKeys)).toEqual(['ca:ca']);
  const storage = memoryStorage();
  const before = createAppStore({ design: presetDesign('kubeadm'), theme: 'light', storage });
  before.getState().replaceDesign(report.design);
  before.getState().setGenerated({ design: report.design, certificates: report.certificates, source: 'imported' });
  before.getState().setImportReport(report);
  before.getState().setReuseImportedCas(true);

  const stored = storage.getItem('k8s-tls-designer')!;
  expect(stored).not.toContain('PRIVATE KEY');
  const after = createAppStore({ design: presetDesign('kubeadm'), theme: 'light', storage }).getState();
  expect(after.importReport?.certificates).toEqual(report.certificates);
  expect(after.importReport?.recognised).toEqual(report.recognised);
  expect(after.importReport?.caKeys).toEqual({});
  expect(after.importReport?.notKept).toEqual({ caKeys: ['ca:ca'], keyPairs: [] });
  expect(after.reuseImportedCas).toBe(true);
  // The imported certificates judge the design again: the checks and the viewer read them.
  expect(after.generated).toMatchObject({ source: 'imported', certificates: report.certificates });
  expect(after.generated?.design).toBe(after.design);
});

test('a stored report that was tampered with is dropped, never trusted', async () => {
  const good = toStoredImport(await imported())!;
  expect(fromStoredImport(JSON.parse(JSON.stringify(good)))).not.toBeNull();
  const firstId = Object.keys(good.certificates)[0]!;
  const tampered: unknown[] = [
    { ...good, certificates: { ...good.certificates, [firstId]: '<img src=x onerror=alert(1)>' } },
    { ...good, design: { ...good.design, params: { ...good.design.params, clusterName: '$(reboot)' } } },
    { ...good, recognised: 'everything' },
    { ...good, keys: Array.from({ length: 10_000 }, () => ({ path: 'k', matches: null })) },
    'not an object',
  ];
  for (const value of tampered) expect(fromStoredImport(value)).toBeNull();
});
