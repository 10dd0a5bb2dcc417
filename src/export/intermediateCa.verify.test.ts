// Intermediate CAs (issue 12): an organisation's root above the cluster CA, as kubeadm's
// external-CA mode allows. The bundle is checked with tools that share no code with the
// generator: `openssl verify -untrusted` and real node:tls handshakes, with the root as the only
// trust anchor; a CA's pathlen that the chain breaks is flagged by the checks and refused by both.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateTopology } from '../topology/checks/validateTopology';
import { NO_EDITS, sameDesign, topologyOf, type Design } from '../topology/design';
import { addCa, addCustomComponent, connect, updateCa, updateConnection } from '../topology/edits';
import type { CaId, ConnectionId, Topology } from '../topology/model';
import { PRESET_DEFAULTS } from '../topology/presets';
import { buildBundleFiles } from './bundle';
import { bundlePlan } from './bundlePlan';
import { generatePki } from './generate';
import { importPki } from './importPki';
import { pkcs12Files } from './pkcs12';
import { renewalPlan } from './renewal';
import { zipBundle } from './zip';
import { openssl, opensslResult, read, writeBundle, makeTempDir, type BundleOnDisk } from './testing/bundleOnDisk';
import { connectionHandshake, handshake, throwawayServerCert, type CertAndKey } from './testing/handshake';

const ROOT = 'ca:custom-ca1' as CaId;
const CLUSTER = 'ca:ca' as CaId;

/** kubeadm with its cluster CA signed by an organisation root, and every connection trusting the root instead. */
function underOrgRoot(rootPathLength?: number, clusterPathLength?: number): Design {
  let design: Design = addCa({
    presetId: 'kubeadm',
    params: { ...PRESET_DEFAULTS.kubeadm, keyAlgorithm: 'ECDSA-P256' },
    edits: NO_EDITS,
  });
  design = updateCa(ROOT, {
    name: 'Org root',
    ...(rootPathLength !== undefined ? { pathLength: rootPathLength } : {}),
  })(design);
  design = updateCa(CLUSTER, {
    parentCaId: ROOT,
    ...(clusterPathLength !== undefined ? { pathLength: clusterPathLength } : {}),
  })(design);
  for (const c of topologyOf(design).connections) {
    if (c.clientTrustsCaId === CLUSTER) design = updateConnection(c.id, { clientTrustsCaId: ROOT })(design);
    if (c.serverTrustsCaId === CLUSTER) design = updateConnection(c.id, { serverTrustsCaId: ROOT })(design);
  }
  return design;
}

const certsIn = (file: string) => read(file).match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
const underCluster = (t: Topology) => t.credentials.filter((c) => c.caId === CLUSTER);

describe('the cluster CA as an intermediate under an organisation root', () => {
  const topology = topologyOf(underOrgRoot());
  let bundle: BundleOnDisk;
  let throwaway: CertAndKey;
  beforeAll(async () => {
    bundle = await writeBundle(topology);
    throwaway = throwawayServerCert(bundle, 'ec:P-256');
  });
  afterAll(() => bundle?.cleanup());
  const root = () => bundle.path('pki/custom-ca1.crt');
  const intermediate = () => bundle.path('pki/ca.crt');

  it('the design checks pass: every chain reaches the root each side trusts', () => {
    expect(validateTopology(topology, 'kubeadm').filter((f) => f.severity === 'error')).toEqual([]);
  });

  it("the intermediate is a CA signed by the root, with an AKI naming the root's key", () => {
    const text = openssl(['x509', '-in', intermediate(), '-noout', '-text']);
    expect(text).toMatch(/CA:TRUE/);
    expect(text).toMatch(/Certificate Sign/);
    expect(openssl(['x509', '-in', intermediate(), '-noout', '-issuer', '-nameopt', 'RFC2253'])).toBe(
      'issuer=CN=custom-ca1\n',
    );
    const rootSki = openssl(['x509', '-in', root(), '-noout', '-ext', 'subjectKeyIdentifier']).split('\n')[1]!.trim();
    expect(openssl(['x509', '-in', intermediate(), '-noout', '-ext', 'authorityKeyIdentifier'])).toContain(rootSki);
    expect(openssl(['verify', '-CAfile', root(), intermediate()])).toContain(': OK');
  });

  it('each certificate under the cluster CA carries the intermediate and verifies with the root as the only anchor', () => {
    expect(certsIn(root())).toBe(1);
    for (const cred of underCluster(topology).filter((c) => c.files)) {
      const file = bundle.path(cred.files!.cert);
      expect(certsIn(file), cred.label).toBe(2);
      expect(openssl(['verify', '-CAfile', root(), '-untrusted', file, file]), cred.label).toContain(': OK');
      // Without the intermediate the root alone does not vouch for the leaf.
      expect(opensslResult(['verify', '-CAfile', root(), file]).ok, cred.label).toBe(false);
    }
  });

  it.each(topologyOf(underOrgRoot()).connections.map((c) => [c.label, c.id]))(
    '%s (%s): a real handshake, trusting only the CA the design names',
    async (_label, id) => {
      const conn = topology.connections.find((c) => c.id === id)!;
      const opts = connectionHandshake(bundle, conn, {
        server: 'component',
        kubeconfig: 'if-dialled',
        throwawayServer: throwaway,
      });
      const result = await handshake(opts);
      expect(result.ok, result.summary).toBe(true);
      for (const ca of [opts.server.ca, opts.client.ca]) if (ca) expect(certsIn(ca)).toBe(1);
    },
  );

  it("the root's key goes to no control plane: it signs only the intermediate, and stays offline", () => {
    const plan = bundlePlan(topology, { layout: 'per-host', externalCa: false });
    const rootKeys = plan.files.filter((f) => f.source === 'pki/custom-ca1.key').map((f) => f.path);
    expect(rootKeys).toEqual(['pki/custom-ca1.key']);
    expect(plan.files.some((f) => f.path === 'controlplane/pki/ca.key')).toBe(true);
    expect(plan.files.some((f) => f.path === 'controlplane/pki/custom-ca1.crt')).toBe(true);
  });

  it('make-certs.sh makes the same chain with the openssl command line', () => {
    const out = makeTempDir('intermediate-script-');
    try {
      execFileSync('bash', [bundle.path('make-certs.sh'), out.path('made')], { stdio: 'pipe' });
      const apiserver = out.path('made/pki/apiserver.crt');
      expect(certsIn(apiserver)).toBe(2);
      expect(
        openssl(['verify', '-CAfile', out.path('made/pki/custom-ca1.crt'), '-untrusted', apiserver, apiserver]),
      ).toContain(': OK');
      expect(openssl(['x509', '-in', out.path('made/pki/ca.crt'), '-noout', '-ext', 'basicConstraints'])).toMatch(
        /critical\s+CA:TRUE/,
      );
      expect(fs.existsSync(out.path('made/pki/custom-ca1.key'))).toBe(true);
    } finally {
      out.cleanup();
    }
  });
});

describe('path length', () => {
  it('a root with pathlen:0 above the cluster CA: every connection through it is flagged, and openssl and node:tls refuse it', async () => {
    const topology = topologyOf(underOrgRoot(0));
    const flagged = validateTopology(topology, 'kubeadm').filter((f) => f.check === 'pathlen');
    const through = topology.connections.filter((c) => c.clientTrustsCaId === ROOT || c.serverTrustsCaId === ROOT);
    expect(new Set(flagged.flatMap((f) => f.connectionIds))).toEqual(new Set(through.map((c) => c.id)));
    expect(flagged[0]!.quote).toMatch(/too many intermediates for path length constraint|Unauthorized|bad certificate/);
    expect(flagged.every((f) => f.target.id === ROOT)).toBe(true);

    const bundle = await writeBundle(topology);
    try {
      const apiserver = bundle.path('pki/apiserver.crt');
      const refused = opensslResult([
        'verify',
        '-CAfile',
        bundle.path('pki/custom-ca1.crt'),
        '-untrusted',
        apiserver,
        apiserver,
      ]);
      expect(refused.ok).toBe(false);
      expect(refused.output).toMatch(/path length constraint exceeded/);
      const admin = topology.connections.find((c) => c.id === 'conn:admin->kube-apiserver@controlplane')!;
      const result = await handshake(
        connectionHandshake(bundle, admin, { server: 'component', kubeconfig: 'if-dialled' }),
      );
      expect(result.ok).toBe(false);
      expect(result.summary).toMatch(/PATH_LENGTH_EXCEEDED|path length/i);
    } finally {
      bundle.cleanup();
    }
  });

  it('pathlen:0 on the intermediate that signs the leaves is within its limit: no finding, and openssl accepts', async () => {
    const topology = topologyOf(underOrgRoot(1, 0));
    expect(validateTopology(topology, 'kubeadm').filter((f) => f.check === 'pathlen')).toEqual([]);
    const bundle = await writeBundle(topology);
    try {
      const apiserver = bundle.path('pki/apiserver.crt');
      expect(
        openssl(['verify', '-CAfile', bundle.path('pki/custom-ca1.crt'), '-untrusted', apiserver, apiserver]),
      ).toContain(': OK');
      expect(openssl(['x509', '-in', bundle.path('pki/ca.crt'), '-noout', '-ext', 'basicConstraints'])).toMatch(
        /pathlen:0/,
      );
    } finally {
      bundle.cleanup();
    }
  });

  it("the finding's fix raises the path length, and the flag goes", () => {
    const design = underOrgRoot(0);
    const finding = validateTopology(topologyOf(design), 'kubeadm').find((f) => f.check === 'pathlen')!;
    const fixed = topologyOf(finding.fix!.edit(design));
    expect(fixed.cas.find((ca) => ca.id === ROOT)!.pathLength).toBe(1);
    expect(validateTopology(fixed, 'kubeadm').filter((f) => f.check === 'pathlen')).toEqual([]);
  });
});

describe('your own components trusting an intermediate', () => {
  it('a new connection trusts the root; trusting the intermediate instead is a warning, refused for real by node:tls, and the fix handshakes', async () => {
    let design = underOrgRoot();
    const node01 = topologyOf(design).hosts.find((h) => h.name === 'node01')!.id;
    design = addCustomComponent('server', 'web', node01)(addCustomComponent('client', 'probe', null)(design));
    const named = (name: string) => topologyOf(design).components.find((c) => c.name === name)!.id;
    design = connect(named('probe'), named('web'))(design);
    const id = `conn:${named('probe')}->${named('web')}` as ConnectionId;
    const added = topologyOf(design).connections.find((c) => c.id === id)!;
    expect([added.clientTrustsCaId, added.serverTrustsCaId]).toEqual([ROOT, ROOT]);
    expect(validateTopology(topologyOf(design), 'kubeadm').filter((f) => f.check === 'intermediate-anchor')).toEqual(
      [],
    );

    const narrowed = updateConnection(id, { clientTrustsCaId: CLUSTER })(design);
    const finding = validateTopology(topologyOf(narrowed), 'kubeadm').find((f) => f.check === 'intermediate-anchor')!;
    expect(finding.severity).toBe('warning');
    expect(finding.explanation).toMatch(/probe trusts Kubernetes CA, an intermediate/);
    const bundle = await writeBundle(topologyOf(narrowed));
    try {
      const conn = bundle.topology.connections.find((c) => c.id === id)!;
      const refused = await handshake(connectionHandshake(bundle, conn, { server: 'component', kubeconfig: 'never' }));
      expect(refused.ok).toBe(false);
      expect(refused.summary).toMatch(/UNABLE_TO_GET_ISSUER_CERT|unable to get issuer certificate/i);
      const fixed = topologyOf(finding.fix!.edit(narrowed)).connections.find((c) => c.id === id)!;
      expect(fixed.clientTrustsCaId).toBe(ROOT);
      const ok = await handshake(connectionHandshake(bundle, fixed, { server: 'component', kubeconfig: 'never' }));
      expect(ok.ok, ok.summary).toBe(true);
    } finally {
      bundle.cleanup();
    }
  });
});

describe("a person's PKCS#12 under an intermediate", () => {
  it("holds the key, the certificate and its whole chain, intermediate and root, in the app's file and in make-certs.sh's", async () => {
    const topology = topologyOf(underOrgRoot());
    const pki = await generatePki(topology);
    const files = buildBundleFiles(
      topology,
      pki,
      { layout: 'design', externalCa: false },
      underOrgRoot(),
      await pkcs12Files(topology, pki, 'pw-123456'),
    );
    const dir = makeTempDir('p12-chain-');
    try {
      for (const f of files) dir.write(f.path, f.content, f.mode);
      const subjects = (file: string) =>
        openssl(['pkcs12', '-in', file, '-passin', 'pass:pw-123456', '-nokeys'])
          .split('\n')
          .filter((l) => l.startsWith('subject='))
          .map((l) => l.trim())
          .sort();
      const expected = [
        'subject=CN = custom-ca1',
        'subject=CN = kubernetes',
        'subject=O = kubeadm:cluster-admins, CN = kubernetes-admin',
      ].sort();
      expect(subjects(dir.path('admin.p12'))).toEqual(expected);
      execFileSync('bash', [dir.path('make-certs.sh'), dir.path('made')], {
        stdio: 'pipe',
        env: { ...process.env, P12_PASSWORD: 'pw-123456' },
      });
      expect(subjects(dir.path('made/admin.p12'))).toEqual(expected);
    } finally {
      dir.cleanup();
    }
  });
});

describe('a bundle with an intermediate, imported back', () => {
  it('opens as the design it was made from, each certificate read for its element and every key matched; the checks on the imported certificates pass', async () => {
    const design = underOrgRoot(1);
    const topology = topologyOf(design);
    const pki = await generatePki(topology);
    const files = buildBundleFiles(topology, pki, { layout: 'per-host', externalCa: false }, design);
    const report = await importPki([{ name: 'kubernetes-pki.zip', bytes: zipBundle(files, 'kubernetes') }]);
    expect(report.refused).toBeNull();
    expect(sameDesign(report.design, design)).toBe(true);
    expect(topologyOf(report.design).cas.find((c) => c.id === CLUSTER)).toMatchObject({ parentCaId: ROOT });
    expect(report.certificates['cred:apiserver@controlplane']?.trim()).toBe(
      pki.credentials.get('cred:apiserver@controlplane' as never)!.certPem.trim(),
    );
    expect(report.certificates[CLUSTER]?.trim()).toBe(pki.cas.get(CLUSTER)!.certPem.trim());
    expect(report.keys.filter((k) => k.matches === null)).toEqual([]);
    expect(Object.keys(report.caKeys).sort()).toEqual([CLUSTER, 'ca:etcd-ca', 'ca:front-proxy-ca', ROOT].sort());

    // The root's key kept offline: a renewal says it needs it, and nothing makes a new root under the kept intermediate.
    const offline = {
      ...report,
      caKeys: Object.fromEntries(Object.entries(report.caKeys).filter(([id]) => id !== ROOT)),
    };
    const plan = renewalPlan(topology, offline, new Set(['cred:apiserver@controlplane']), false);
    expect(plan.missingCaKeys).toEqual(['Org root']);
    await expect(generatePki(topology, { reuseCas: plan.reuseCas, keepLeaves: plan.keepLeaves })).rejects.toThrow(
      /Org root would be made anew, but Kubernetes CA, which it signs, is kept/,
    );
  });
});
