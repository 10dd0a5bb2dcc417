// A bundle this app made, imported again, opens as the design it was made from: pools stay
// pools, custom components and CAs stay, and every certificate and key is matched, in both layouts.
import { beforeAll, describe, expect, test } from 'vitest';
import { NO_EDITS, sameDesign, topologyOf, type Design } from '../topology/design';
import { designFileText } from '../topology/designSchema';
import { addCa, addCustomComponent, connect, moveCredentialToCa } from '../topology/edits';
import type { CaId, CredentialId, Topology } from '../topology/model';
import { expandDesign } from '../topology/pools';
import { PRESET_DEFAULTS } from '../topology/presets';
import { buildBundleFiles } from './bundle';
import type { BundleFile } from './bundleFile';
import { generatePki, type GeneratedPki } from './generate';
import { importPki, type ImportReport } from './importPki';
import type { BundleOptions } from './layouts';
import { zipBundle } from './zip';

function original(): Design {
  let d: Design = {
    presetId: 'kubeadm',
    params: {
      ...PRESET_DEFAULTS.kubeadm,
      keyAlgorithm: 'ECDSA-P256',
      controlPlaneEndpoint: '10.0.0.100:6443',
      controlPlane: [
        { name: 'cp1', ip: '10.0.0.11' },
        { name: 'cp2', ip: '10.0.0.12' },
        { name: 'cp3', ip: '10.0.0.13' },
      ],
      workers: [
        { name: 'node01', ip: '10.0.0.21' },
        { name: 'pool', ip: '10.0.1.1', count: 50 },
      ],
    },
    edits: NO_EDITS,
  };
  const node01 = topologyOf(d).hosts.find((h) => h.name === 'node01')!.id;
  d = addCustomComponent('server', 'ingress controller', node01)(d);
  d = addCustomComponent('client', 'prometheus', null)(d);
  d = addCa(d);
  const t = topologyOf(d);
  const newCa = t.cas.at(-1)!.id as CaId;
  const prometheus = t.credentials.find((c) => c.id === 'cred:prometheus')!.id as CredentialId;
  d = moveCredentialToCa(prometheus, newCa)(d);
  const named = (name: string) => topologyOf(d).components.find((c) => c.name === name)!.id;
  return connect(named('prometheus'), named('ingress controller'))(d);
}

const design = original();
const expanded: Topology = topologyOf(expandDesign(design));
let pki: GeneratedPki;
beforeAll(async () => {
  pki = await generatePki(expanded);
});

/** Files holding a private key: key files, and kubeconfigs with their embedded client key. */
const keyFiles = (files: readonly BundleFile[]) => files.filter((f) => /\.(key|conf|kubeconfig)$/.test(f.path));

describe.each([['design'], ['per-host']] as const)(
  '3 control planes + a pool of 50 + custom components, %s layout, imported back',
  (layout) => {
    const options: BundleOptions = { layout, externalCa: false };
    let files: BundleFile[];
    let report: ImportReport;
    beforeAll(async () => {
      files = buildBundleFiles(expanded, pki, options, design);
      report = await importPki([{ name: 'kubernetes-pki.zip', bytes: zipBundle(files, 'kubernetes') }]);
    });

    test('the design equals the original: hosts, pool size, components, CAs, credentials', () => {
      expect(report.refused).toBeNull();
      expect(report.design.params.workers).toEqual([
        { name: 'node01', ip: '10.0.0.21' },
        { name: 'pool', ip: '10.0.1.1', count: 50 },
      ]);
      const [a, b] = [topologyOf(report.design), topologyOf(design)];
      expect(a.hosts).toEqual(b.hosts);
      expect(a.components).toEqual(b.components);
      expect(a.cas).toEqual(b.cas);
      expect(a.credentials).toEqual(b.credentials);
      expect(sameDesign(report.design, design)).toBe(true);
    });

    test("every certificate is read back for its element, the pool members' included", () => {
      for (const id of [...expanded.cas.map((c) => c.id), ...expanded.credentials.map((c) => c.id)]) {
        const made = pki.cas.get(id as CaId)?.certPem ?? pki.credentials.get(id as CredentialId)!.certPem;
        expect(report.certificates[id]?.trim(), id).toBe(made.trim());
      }
      expect(report.certificates['cred:kubelet.conf@pool-50']).toBeDefined();
      expect(report.unassigned).toEqual([]);
      expect(report.rejected).toEqual([]);
    });

    test('every key is matched, CA keys kept to re-sign with, the service-account pair kept whole', () => {
      expect(report.keys.length).toBe(keyFiles(files).length);
      expect(report.keys.filter((k) => k.matches === null)).toEqual([]);
      expect(Object.keys(report.caKeys).sort()).toEqual(expanded.cas.map((c) => c.id).sort());
      expect(report.keyPairs['keypair:sa']?.privatePem).toBe(pki.keyPairs.get(expanded.keyPairs[0]!.id)!.privatePem);
    });
  },
);

test('a design file that does not open is reported, and the files are read as a kubeadm tree', async () => {
  const files = buildBundleFiles(expanded, pki, { layout: 'design', externalCa: false }, design).map((f) =>
    f.path === 'k8s-tls-design.json'
      ? { ...f, content: designFileText({ ...design, params: { ...design.params, clusterName: '$(reboot)' } }) }
      : f,
  );
  const report = await importPki([{ name: 'kubernetes-pki.zip', bytes: zipBundle(files, 'kubernetes') }]);
  expect(report.refused).toBeNull();
  expect(report.rejected.find((r) => r.path === 'k8s-tls-design.json')?.reason).toMatch(
    /Cluster name.*read as a kubeadm tree instead/s,
  );
  expect(report.design.params.controlPlane[0]!.name).toBe('cp1');
  // A certificate with no kubeadm role still has its key: the key is not reported as a stray.
  expect(report.unassigned.map((u) => u.path)).toContain('nodes/node01/pki/ingress-controller.crt');
  expect(report.keys.find((k) => k.path === 'nodes/node01/pki/ingress-controller.key')?.matches).toBe(
    'file:nodes/node01/pki/ingress-controller.crt',
  );
  expect(report.keys.filter((k) => k.matches === null)).toEqual([]);
});
