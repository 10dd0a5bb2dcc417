import { beforeAll, describe, expect, test } from 'vitest';
import type { Topology } from '../topology/model';
import { buildPreset, PRESET_DEFAULTS } from '../topology/presets';
import { PRESET_IDS, type PresetId } from '../topology/presetParams';
import { buildBundleFiles } from './bundle';
import { generatePki, type GeneratedPki } from './generate';

const made = new Map<PresetId, { topology: Topology; pki: GeneratedPki }>();
beforeAll(async () => {
  for (const id of PRESET_IDS) {
    const topology = buildPreset(id, { ...PRESET_DEFAULTS[id], keyAlgorithm: 'ECDSA-P256' });
    made.set(id, { topology, pki: await generatePki(topology) });
  }
});

const isSecret = (path: string) => /\.(key|conf|kubeconfig)$/.test(path);

describe.each(PRESET_IDS.map((id) => [id] as const))('%s, one folder per host', (id) => {
  test("each host holds what its components present and trust, and no one else's keys", () => {
    const { topology, pki } = made.get(id)!;
    const files = buildBundleFiles(topology, pki, { layout: 'per-host', externalCa: false });
    const paths = files.map((f) => f.path);
    const caKeys = new Set(topology.cas.map((ca) => ca.keyFile.replace(/^.*\//, '')));
    for (const host of topology.hosts) {
      const mine = paths.filter((p) => p.startsWith(`${host.name}/`));
      const components = new Set(
        topology.components
          .filter((c) => c.hostId === host.id || (c.hostId === null && c.kind === 'kube-proxy'))
          .map((c) => c.id as string),
      );
      const first = topology.hosts.find((h) => h.role === 'control-plane');
      // kubeadm writes admin.conf on every control plane, super-admin.conf on the first.
      const copied = (c: (typeof topology.credentials)[number]) =>
        host.role === 'control-plane' &&
        (c.alsoOn === 'every-control-plane' || (c.alsoOn === 'first-control-plane' && host === first));
      const owned = topology.credentials.filter((c) => components.has(c.ownerId) || copied(c));
      // Everything its own components present is there...
      for (const c of owned) {
        const expected = [c.files?.cert, c.files?.key, c.kubeconfig?.file]
          .filter((p): p is string => !!p)
          .map((p) => p.replace(/^nodes\/[^/]+\//, ''));
        for (const p of expected) expect(mine, `${host.name} has ${p}`).toContain(`${host.name}/${p}`);
      }
      // ...and every secret there is its own, except CA and service-account keys on control-plane hosts.
      const ownSecrets = new Set(
        owned
          .flatMap((c) => [c.files?.key, c.kubeconfig?.file])
          .filter((p): p is string => !!p)
          .map((p) => p.replace(/^nodes\/[^/]+\//, '')),
      );
      for (const p of mine.filter(isSecret)) {
        const rel = p.slice(host.name.length + 1);
        const controlPlaneOnly =
          caKeys.has(rel.replace(/^.*\//, '')) || topology.keyPairs.some((k) => k.privateFile === rel);
        if (host.role === 'worker') expect(ownSecrets.has(rel), `${p} on worker ${host.name} is its own`).toBe(true);
        else expect(ownSecrets.has(rel) || controlPlaneOnly, `${p} belongs on ${host.name}`).toBe(true);
      }
    }
    expect(paths).toContain('README.txt');
    expect(paths).toContain('make-certs.sh');
  });
});

test('per host, a kubeadm worker gets its kubelet.conf and the cluster CA certificate, and nothing more', () => {
  const { topology, pki } = made.get('kubeadm')!;
  const paths = buildBundleFiles(topology, pki, { layout: 'per-host', externalCa: false }).map((f) => f.path);
  expect(paths.filter((p) => p.startsWith('node01/')).sort()).toEqual([
    'node01/kubelet.conf',
    'node01/pki/ca.crt',
    'node01/pki/front-proxy-ca.crt',
  ]);
  expect(paths.filter((p) => p.startsWith('workstation/')).sort()).toEqual([
    'workstation/admin.conf',
    'workstation/pki/ca.crt',
    'workstation/super-admin.conf',
  ]);
  expect(paths).toContain('controlplane/admin.conf');
  expect(paths).toContain('controlplane/super-admin.conf');
});

describe.each(PRESET_IDS.map((id) => [id] as const))('%s in external-CA mode', (id) => {
  test('no CA private key is in the bundle, every CA certificate is, and the README says what that disables', () => {
    const { topology, pki } = made.get(id)!;
    const files = buildBundleFiles(topology, pki, { layout: 'design', externalCa: true });
    const paths = files.map((f) => f.path);
    for (const ca of topology.cas) {
      expect(paths).not.toContain(ca.keyFile);
      expect(paths).toContain(ca.certFile);
    }
    for (const f of files.filter((x) => isSecret(x.path)))
      expect(f.content).not.toContain(pki.cas.get(topology.cas[0]!.id)!.keyPem.trim());
    const readme = files.find((f) => f.path === 'README.txt')!.content;
    expect(readme).toContain('EXTERNAL-CA MODE');
    expect(readme).toContain('--cluster-signing-cert-file');
  });
});
