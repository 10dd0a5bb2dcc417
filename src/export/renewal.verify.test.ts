// Renewal of an imported kubeadm PKI under its own CAs, checked with openssl: names, SANs and usages
// kept, the same CA, a new serial; what is not renewed is written back byte for byte. And "what
// changes" lists exactly the certificates whose content differs after regenerating only those.
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { topologyOf } from '../topology/design';
import { addWorker, updateCredential } from '../topology/edits';
import type { CredentialId, Topology } from '../topology/model';
import { changesSince } from './changes';
import { generatePki, type GeneratedPki } from './generate';
import { importPki, type ImportReport } from './importPki';
import { renewalPlan, renewalRows } from './renewal';
import { makeTempDir } from './testing/bundleOnDisk';
import { kubeadmTree } from './testing/importMaterial';

const dir = makeTempDir('renewal-');
const file = (name: string, pem: string) => dir.write(name, pem);
const x509 = (pem: string, ...args: string[]) =>
  execFileSync('openssl', ['x509', '-in', file('c.pem', pem), '-noout', ...args], { encoding: 'utf8' });
const pubOfKey = (pem: string) =>
  execFileSync('openssl', ['pkey', '-in', file('k.pem', pem), '-pubout'], { encoding: 'utf8' });

let report: ImportReport;
let topology: Topology;
beforeAll(async () => {
  const tree = await kubeadmTree();
  report = await importPki(tree.files);
  topology = topologyOf(report.design);
});

const API = 'cred:apiserver@controlplane';
const ADMIN = 'cred:admin.conf';

describe('renewing an imported PKI', () => {
  it('lists every imported leaf with its expiry, the due ones pre-selected', async () => {
    const now = new Date();
    expect((await renewalRows(topology, report, 30, now)).filter((r) => r.due)).toEqual([]);
    const later = new Date(now.getTime() + 350 * 86_400_000);
    const rows = await renewalRows(topology, report, 30, later);
    expect(rows.length).toBe(Object.keys(report.leafKeys ?? {}).length);
    expect(rows.every((r) => r.due && r.hasKey)).toBe(true);
  });

  const renew = async (keepKeys: boolean): Promise<GeneratedPki> => {
    const plan = renewalPlan(topology, report, new Set([API, ADMIN]), keepKeys);
    expect(plan.missingCaKeys).toEqual([]);
    return generatePki(topology, {
      reuseCas: plan.reuseCas,
      keepLeaves: plan.keepLeaves,
      renewWithKeys: plan.renewWithKeys,
      keepKeyPairs: report.keyPairs,
    });
  };

  it('renews the chosen leaves under the same CA with their names, SANs and usages, and writes back every other one as it was', async () => {
    const pki = await renew(false);
    const caPem = report.certificates['ca:ca']!;
    for (const cred of topology.credentials) {
      const before = report.certificates[cred.id]!;
      const after = pki.credentials.get(cred.id as CredentialId)!;
      if ([API, ADMIN].includes(cred.id)) {
        expect(after.certPem).not.toBe(before);
        for (const what of [
          ['-subject', '-nameopt', 'RFC2253'],
          ['-ext', 'subjectAltName,extendedKeyUsage,keyUsage,basicConstraints'],
        ]) {
          expect(x509(after.certPem, ...what), `${cred.label} ${what[0]}`).toBe(x509(before, ...what));
        }
        expect(x509(after.certPem, '-serial')).not.toBe(x509(before, '-serial'));
        expect(
          execFileSync('openssl', ['verify', '-CAfile', file('ca.pem', caPem), file('leaf.pem', after.certPem)], {
            encoding: 'utf8',
          }),
        ).toContain(': OK');
        expect(pubOfKey(after.keyPem)).not.toBe(pubOfKey(report.leafKeys![cred.id]!));
      } else {
        expect(after.certPem, cred.label).toBe(before);
        expect(after.keyPem, cred.label).toBe(report.leafKeys![cred.id]);
      }
    }
    expect(pki.cas.get('ca:ca' as never)!.certPem).toBe(caPem);
  });

  it("keeps each renewed certificate's key when asked", async () => {
    const pki = await renew(true);
    const after = pki.credentials.get(API as CredentialId)!;
    expect(after.certPem).not.toBe(report.certificates[API]);
    expect(
      execFileSync('openssl', ['x509', '-in', file('a.pem', after.certPem), '-noout', '-pubkey'], { encoding: 'utf8' }),
    ).toBe(pubOfKey(report.leafKeys![API]!));
  });

  it('refuses when a CA key a renewal needs did not come with the import', () => {
    const withoutEtcdKey: ImportReport = {
      ...report,
      caKeys: Object.fromEntries(Object.entries(report.caKeys).filter(([id]) => id !== 'ca:etcd-ca')),
    };
    expect(renewalPlan(topology, withoutEtcdKey, new Set([API]), false).missingCaKeys).toEqual(['etcd CA']);
  });
});

it('"what changes" lists exactly the certificates whose content differs once only those are made again', async () => {
  const api = topology.credentials.find((c) => c.id === API)!;
  let edited = updateCredential(api.id, { dnsNames: [...api.dnsNames, 'api.example.com'] })(report.design);
  edited = addWorker(edited);
  const changes = changesSince(report.design, edited, false);
  const listed = new Set(changes.reissue.map((r) => r.id));
  const after = topologyOf(edited);
  // Everything not listed is written back as imported.
  const plan = renewalPlan(after, report, listed, false);
  const pki = await generatePki(after, {
    reuseCas: plan.reuseCas,
    keepLeaves: plan.keepLeaves,
    keepKeyPairs: report.keyPairs,
  });
  const differs = new Set(
    [...pki.credentials]
      .filter(([id, issued]) => issued.certPem !== report.certificates[id])
      .map(([id]) => id as string),
  );
  for (const [id, ca] of pki.cas) if (ca.certPem !== report.certificates[id]) differs.add(id);
  expect([...differs].sort()).toEqual([...listed].sort());
  expect(listed.size).toBe(2);
});
