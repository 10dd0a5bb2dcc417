import { beforeAll, expect, test } from 'vitest';
import { topologyFromCertificates } from '../topology/checks/actualCertificates';
import { validateTopology } from '../topology/checks/validateTopology';
import type { Topology } from '../topology/model';
import { buildPreset, PRESET_DEFAULTS } from '../topology/presets';
import { readActualCertificates } from './actualCertificates';
import { generatePki } from './generate';

let topology: Topology;
let pems: Record<string, string>;

beforeAll(async () => {
  topology = buildPreset('kubeadm', { ...PRESET_DEFAULTS.kubeadm, keyAlgorithm: 'ECDSA-P256' });
  const pki = await generatePki(topology);
  pems = Object.fromEntries([...pki.cas, ...pki.credentials].map(([id, issued]) => [id, issued.certPem]));
});

test('the generated certificates, read back, pass the same checks as the plan', async () => {
  const actual = await readActualCertificates(topology, pems);
  expect(actual.size).toBe(topology.credentials.length);
  const apiserver = actual.get('cred:apiserver@controlplane');
  expect(apiserver?.signedBy).toBe('ca:ca');
  expect(apiserver?.subject).toEqual([{ type: 'CN', value: 'kube-apiserver' }]);
  expect(actual.get('cred:kubelet.conf@node01')?.subject).toEqual([
    { type: 'O', value: 'system:nodes' },
    { type: 'CN', value: 'system:node:node01' },
  ]);
  expect(validateTopology(topologyFromCertificates(topology, actual, new Date()))).toEqual([]);
});

test("a certificate swapped for another CA's is caught by its signature, not by its name", async () => {
  // etcd's serving cert replaced by the apiserver's: same kind of file, wrong signer and SANs.
  const swapped = { ...pems, 'cred:etcd-server@controlplane': pems['cred:apiserver@controlplane']! };
  const actual = await readActualCertificates(topology, swapped);
  expect(actual.get('cred:etcd-server@controlplane')?.signedBy).toBe('ca:ca');
  const quotes = validateTopology(topologyFromCertificates(topology, actual, new Date())).map(
    (f) => `${f.check}: ${f.quote}`,
  );
  expect(quotes).toContain('server-trust: x509: certificate signed by unknown authority');
  expect(quotes).toContain('san: x509: certificate is valid for 10.96.0.1, 192.168.56.10, not 127.0.0.1');
});

test('a year later, the leaves have expired and say so', async () => {
  const actual = await readActualCertificates(topology, pems);
  const later = new Date(Date.now() + 366 * 24 * 60 * 60 * 1000);
  const findings = validateTopology(topologyFromCertificates(topology, actual, later));
  const expired = findings.filter((f) => f.check === 'validity');
  expect(expired).toHaveLength(topology.credentials.length);
  expect(expired[0]?.quote).toBe('x509: certificate has expired or is not yet valid');
});
