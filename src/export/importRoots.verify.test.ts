// Issue 20: a kubeadm tree whose cluster CA is an intermediate under an organisation's root (the
// leaves carry their chain after them, the root's certificate lies beside them, its key does not),
// made with openssl. The root takes its role by who signed whom; a stray intermediate has none and
// says why; the rotation planner says how to rotate an intermediate and rotates the other roots.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topologyOf } from '../topology/design';
import { recommendedOrder, rotationRefusal } from '../topology/rotation';
import { buildBundleFiles } from './bundle';
import { generatePki } from './generate';
import { importPki, type ImportReport } from './importPki';
import { renewalPlan } from './renewal';
import { makeTempDir, openssl, type TempDir } from './testing/bundleOnDisk';
import { kubeadmTree } from './testing/importMaterial';

let tmp: TempDir;
let report: ImportReport;
const read = (dir: string) => {
  const files: Array<{ name: string; bytes: Uint8Array }> = [];
  const walk = (at: string) =>
    fs.readdirSync(at, { withFileTypes: true }).forEach((e) => {
      const full = path.join(at, e.name);
      if (e.isDirectory()) walk(full);
      else files.push({ name: path.join('kubernetes', path.relative(dir, full)), bytes: fs.readFileSync(full) });
    });
  walk(dir);
  return files;
};

beforeAll(async () => {
  tmp = makeTempDir('intermediate-');
  for (const f of (await kubeadmTree()).files) {
    if (!f.name.endsWith('k8s-tls-design.json')) tmp.write(f.name.replace(/^etc\//, ''), f.bytes);
  }
  const pki = (f: string) => tmp.path(`kubernetes/pki/${f}`);
  // The organisation's root, its key kept elsewhere; the cluster CA re-issued under it, same key and name.
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', tmp.path('root.key')]);
  openssl([
    'req',
    '-x509',
    '-new',
    '-key',
    tmp.path('root.key'),
    '-subj',
    '/O=Example Corp/CN=Example Root CA',
    '-days',
    '3650',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-out',
    pki('example-root.crt'),
  ]);
  fs.writeFileSync(
    tmp.path('int.ext'),
    'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,digitalSignature,keyEncipherment,keyCertSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\nsubjectAltName=DNS:kubernetes\n',
  );
  openssl(['req', '-new', '-key', pki('ca.key'), '-subj', '/CN=kubernetes', '-out', tmp.path('ca.csr')]);
  openssl([
    'x509',
    '-req',
    '-in',
    tmp.path('ca.csr'),
    '-CA',
    pki('example-root.crt'),
    '-CAkey',
    tmp.path('root.key'),
    '-set_serial',
    '4242',
    '-days',
    '3000',
    '-extfile',
    tmp.path('int.ext'),
    '-out',
    pki('ca.crt'),
  ]);
  const ca = fs.readFileSync(pki('ca.crt'), 'utf8');
  for (const node of ['node01', 'node02']) fs.writeFileSync(tmp.path(`kubernetes/nodes/${node}/pki/ca.crt`), ca);
  // Leaves carry their chain after them, as an external CA hands them out.
  for (const leaf of ['apiserver.crt', 'apiserver-kubelet-client.crt']) fs.appendFileSync(pki(leaf), ca);
  // A stray intermediate of the same root that signs nothing here.
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', tmp.path('other.key')]);
  openssl([
    'req',
    '-new',
    '-key',
    tmp.path('other.key'),
    '-subj',
    '/CN=Example Issuing CA 2',
    '-out',
    tmp.path('other.csr'),
  ]);
  openssl([
    'x509',
    '-req',
    '-in',
    tmp.path('other.csr'),
    '-CA',
    pki('example-root.crt'),
    '-CAkey',
    tmp.path('root.key'),
    '-set_serial',
    '4243',
    '-days',
    '3000',
    '-extfile',
    tmp.path('int.ext'),
    '-out',
    pki('issuing-2.crt'),
  ]);
  expect(
    openssl(['verify', '-CAfile', pki('example-root.crt'), '-untrusted', pki('ca.crt'), pki('apiserver.crt')]),
  ).toContain(': OK');
  report = await importPki(read(tmp.path('kubernetes')));
}, 120_000);
afterAll(() => tmp?.cleanup());

describe("a kubeadm tree under an organisation's root", () => {
  it('the root takes its role by signature, the cluster CA is drawn under it, the leaves with chains keep theirs', () => {
    expect(report.refused).toBeNull();
    const role = Object.fromEntries(report.recognised.map((r) => [r.path, r.role]));
    expect(role['pki/example-root.crt']).toBe('root CA');
    expect(role['pki/apiserver.crt']).toBe('apiserver');
    const topology = topologyOf(report.design);
    const root = topology.cas.find((c) => c.certFile === 'pki/example-root.crt')!;
    expect(topology.cas.find((c) => c.id === 'ca:ca')!.parentCaId).toBe(root.id);
    expect(root.subject).toEqual([
      { type: 'O', value: 'Example Corp' },
      { type: 'CN', value: 'Example Root CA' },
    ]);
    // Its key stayed with the organisation: no key of it is claimed.
    expect(Object.keys(report.caKeys)).not.toContain(root.id);
  });

  it('a stray intermediate has no role, and says why', () => {
    expect(report.unassigned).toEqual([
      expect.objectContaining({ path: 'pki/issuing-2.crt', reason: expect.stringMatching(/a CA that is neither/) }),
    ]);
  });

  it('the planner says how to rotate the intermediate and its root, and still rotates the etcd CA', () => {
    const topology = topologyOf(report.design);
    expect(rotationRefusal(topology, 'ca:ca')).toMatch(/is an intermediate: issue a new one under the same root/);
    const root = topology.cas.find((c) => c.certFile === 'pki/example-root.crt')!;
    expect(rotationRefusal(topology, root.id)).toMatch(/signs other CAs/);
    expect(rotationRefusal(topology, 'ca:etcd-ca')).toBeNull();
    expect(recommendedOrder(topology, 'ca:etcd-ca').length).toBeGreaterThan(0);
  });

  it("renewal needs the root's key, and says so; with it, renewed and kept leaves carry their chain and verify up to the root", async () => {
    const topology = topologyOf(report.design);
    const API = 'cred:apiserver@controlplane';
    expect(renewalPlan(topology, report, new Set([API]), false).missingCaKeys).toEqual([
      'Root above the Kubernetes CA',
    ]);
    // The organisation hands over its root key for the renewal: it lies beside the root's certificate.
    const withKey = await importPki([
      ...read(tmp.path('kubernetes')),
      { name: 'kubernetes/pki/example-root.key', bytes: fs.readFileSync(tmp.path('root.key')) },
    ]);
    const t = topologyOf(withKey.design);
    const plan = renewalPlan(t, withKey, new Set([API]), false);
    expect(plan.missingCaKeys).toEqual([]);
    const pki = await generatePki(t, {
      reuseCas: plan.reuseCas,
      keepLeaves: plan.keepLeaves,
      renewWithKeys: plan.renewWithKeys,
      keepKeyPairs: withKey.keyPairs,
    });
    const out = new Map(buildBundleFiles(t, pki).map((f) => [f.path, String(f.content)]));
    const root = tmp.path('kubernetes/pki/example-root.crt');
    for (const leaf of ['pki/apiserver.crt', 'pki/apiserver-kubelet-client.crt']) {
      const text = out.get(leaf)!;
      expect(text.match(/BEGIN CERTIFICATE/g), leaf).toHaveLength(2);
      const file = tmp.write(`renewed/${leaf}`, text);
      // openssl takes the first block as the leaf and the rest as the chain it was sent with.
      expect(openssl(['verify', '-CAfile', root, '-untrusted', file, file])).toContain(': OK');
    }
    expect(out.get('pki/apiserver.crt')).not.toBe(fs.readFileSync(tmp.path('kubernetes/pki/apiserver.crt'), 'utf8'));
    expect(out.get('pki/ca.crt')).toBe(fs.readFileSync(tmp.path('kubernetes/pki/ca.crt'), 'utf8'));
  });

  it('without the root among the files, the intermediate is named as one', async () => {
    const withoutRoot = read(tmp.path('kubernetes')).filter((f) => !/example-root|issuing-2/.test(f.name));
    const r = await importPki(withoutRoot);
    expect(r.unassigned).toEqual([]);
    expect(r.filledIn).toEqual(
      expect.arrayContaining([expect.stringMatching(/Kubernetes CA \(pki\/ca\.crt\) is an intermediate/)]),
    );
  });
});
