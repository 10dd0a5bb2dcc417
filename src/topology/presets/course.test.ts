// Known answers for the course preset: the flat file naming a Kubernetes TLS course teaches,
// with the identities RBAC and the Node authorizer require (reference §6.1) and its two options.
import { describe, expect, it } from 'vitest';
import type { PresetParams } from '../presetParams';
import type { Credential, Topology } from '../model';
import { buildPreset, PRESET_DEFAULTS } from './index';

const DEFAULTS = PRESET_DEFAULTS.course;
const NODES = [
  { name: 'controlplane', ip: '192.168.56.10' },
  { name: 'node01', ip: '192.168.56.21' },
  { name: 'node02', ip: '192.168.56.22' },
];

function course(params: Partial<PresetParams> = {}): Topology {
  return buildPreset('course', { ...DEFAULTS, ...params });
}

function byCert(t: Topology, file: string): Credential {
  const matches = t.credentials.filter((c) => c.files?.cert === file);
  expect(matches, file).toHaveLength(1);
  return matches[0]!;
}

function caFileOf(t: Topology, cred: Credential): string | undefined {
  return t.cas.find((ca) => ca.id === cred.caId)?.certFile;
}

function values(cred: Credential, type: 'CN' | 'O'): string[] {
  return cred.subject.filter((a) => a.type === type).map((a) => a.value);
}

function paths(t: Topology): string[] {
  return [
    ...t.cas.flatMap((ca) => [ca.certFile, ca.keyFile]),
    ...t.credentials.flatMap((c) => [
      ...(c.files ? [c.files.cert, c.files.key] : []),
      ...(c.kubeconfig ? [c.kubeconfig.file] : []),
    ]),
    ...t.keyPairs.flatMap((kp) => [kp.privateFile, kp.publicFile]),
  ];
}

describe('course preset (defaults: one CA)', () => {
  const t = course();

  it('has the default nodes', () => {
    expect([...DEFAULTS.controlPlane, ...DEFAULTS.workers]).toEqual(NODES);
  });

  it("writes the course's flat file names, every .crt with its .key", () => {
    const certs = [
      'ca',
      'apiserver',
      'apiserver-etcd-client',
      'apiserver-kubelet-client',
      'etcdserver',
      'admin',
      'scheduler',
      'controller-manager',
      'kube-proxy',
      ...NODES.flatMap((n) => [`kubelet-${n.name}`, `kubelet-client-${n.name}`]),
    ];
    const kubeconfigs = [
      'admin',
      'scheduler',
      'controller-manager',
      'kube-proxy',
      ...NODES.map((n) => `kubelet-${n.name}`),
    ];
    const expected = [
      ...certs.flatMap((n) => [`${n}.crt`, `${n}.key`]),
      'sa.key',
      'sa.pub',
      ...kubeconfigs.map((n) => `${n}.kubeconfig`),
    ];
    const all = paths(t);
    expect(new Set(all).size, 'a path is used twice').toBe(all.length);
    expect([...all].sort()).toEqual([...expected].sort());
    expect(all.filter((p) => p.includes('/'))).toEqual([]);
  });

  it('signs everything with ca.crt', () => {
    expect(t.cas.map((ca) => [ca.certFile, ca.keyFile])).toEqual([['ca.crt', 'ca.key']]);
    for (const c of t.credentials) expect(caFileOf(t, c), c.label).toBe('ca.crt');
  });

  it('gives the API clients the user names and groups RBAC binds (§6.1)', () => {
    const id = (file: string) => {
      const c = byCert(t, file);
      return { cn: values(c, 'CN'), o: values(c, 'O'), server: c.serverAuth, client: c.clientAuth };
    };
    expect(id('admin.crt')).toEqual({ cn: ['kube-admin'], o: ['system:masters'], server: false, client: true });
    expect(id('scheduler.crt')).toEqual({ cn: ['system:kube-scheduler'], o: [], server: false, client: true });
    expect(id('controller-manager.crt')).toEqual({
      cn: ['system:kube-controller-manager'],
      o: [],
      server: false,
      client: true,
    });
    expect(id('kube-proxy.crt')).toEqual({ cn: ['system:kube-proxy'], o: [], server: false, client: true });
    for (const n of NODES) {
      expect(id(`kubelet-client-${n.name}.crt`), n.name).toEqual({
        cn: [`system:node:${n.name}`],
        o: ['system:nodes'],
        server: false,
        client: true,
      });
    }
  });

  it('gives the servers the usages and SANs their clients need', () => {
    const api = byCert(t, 'apiserver.crt');
    expect(values(api, 'CN')).toEqual(['kube-apiserver']);
    expect([api.serverAuth, api.clientAuth]).toEqual([true, false]);
    expect(api.dnsNames).toEqual(
      expect.arrayContaining([
        'kubernetes',
        'kubernetes.default',
        'kubernetes.default.svc',
        'kubernetes.default.svc.cluster.local',
        'controlplane',
      ]),
    );
    expect(api.ipAddresses).toEqual(expect.arrayContaining(['10.96.0.1', '192.168.56.10']));
    // etcd dials itself with its serving cert: serverAuth + clientAuth (§6.4 "incompatible key usage").
    const etcd = byCert(t, 'etcdserver.crt');
    expect([etcd.serverAuth, etcd.clientAuth]).toEqual([true, true]);
    expect(etcd.ipAddresses).toContain('127.0.0.1');
    for (const n of NODES) {
      const kubelet = byCert(t, `kubelet-${n.name}.crt`);
      expect([kubelet.serverAuth, kubelet.clientAuth], n.name).toEqual([true, false]);
      expect(kubelet.ipAddresses, n.name).toContain(n.ip);
    }
  });

  it('every verified connection dials a name or IP that the server cert covers', () => {
    for (const conn of t.connections.filter((c) => c.clientTrustsCaId !== null)) {
      const server = t.credentials.find((c) => c.id === conn.serverCredentialId);
      expect(server, conn.id).toBeDefined();
      expect([...server!.dnsNames, ...server!.ipAddresses], conn.id).toContain(conn.address);
    }
  });

  it('kubeconfigs name the user after the cert CN and point at the control plane', () => {
    for (const c of t.credentials.filter((x) => x.kubeconfig)) {
      const k = c.kubeconfig!;
      expect(k.userName, k.file).toBe(values(c, 'CN')[0]);
      expect(k.clusterName, k.file).toBe('kubernetes');
      expect(k.contextName, k.file).toBe(`${k.userName}@kubernetes`);
      expect(k.server, k.file).toBe('https://192.168.56.10:6443');
    }
  });
});

describe('course preset with separateEtcdCa', () => {
  const t = course({ separateEtcdCa: true });

  it('has a second CA that signs etcdserver and apiserver-etcd-client only; ca.crt signs everything else', () => {
    expect(t.cas).toHaveLength(2);
    const etcdCa = t.cas.find((ca) => ca.certFile !== 'ca.crt');
    expect(etcdCa).toBeDefined();
    const signedByEtcdCa = t.credentials
      .filter((c) => c.caId === etcdCa!.id)
      .map((c) => c.files?.cert)
      .sort();
    expect(signedByEtcdCa).toEqual(['apiserver-etcd-client.crt', 'etcdserver.crt']);
    for (const c of t.credentials.filter((x) => x.caId !== etcdCa!.id)) expect(caFileOf(t, c), c.label).toBe('ca.crt');
  });

  it('API -> etcd trusts the etcd CA on both sides', () => {
    const etcdCa = t.cas.find((ca) => ca.certFile !== 'ca.crt')!;
    const toEtcd = t.connections.filter((c) => c.serverCredentialId === byCert(t, 'etcdserver.crt').id);
    expect(toEtcd).toHaveLength(1);
    expect(toEtcd[0]).toMatchObject({
      clientCredentialId: byCert(t, 'apiserver-etcd-client.crt').id,
      clientTrustsCaId: etcdCa.id,
      serverTrustsCaId: etcdCa.id,
    });
  });
});

describe('course preset with apiserverReusesServingPair', () => {
  it.each([false, true])(
    'API -> kubelet presents the apiserver serving pair, which then has clientAuth (separateEtcdCa: %s)',
    (separateEtcdCa) => {
      const t = course({ apiserverReusesServingPair: true, separateEtcdCa });
      const api = byCert(t, 'apiserver.crt');
      expect([api.serverAuth, api.clientAuth]).toEqual([true, true]);
      const toKubelets = t.connections.filter((c) => c.label === 'API -> kubelet');
      expect(toKubelets.map((c) => c.address).sort()).toEqual(NODES.map((n) => n.ip).sort());
      for (const c of toKubelets) expect(c.clientCredentialId, c.id).toBe(api.id);
      expect(paths(t)).not.toContain('apiserver-kubelet-client.crt');
    },
  );

  it('reuses the serving pair towards etcd too when one CA signs all', () => {
    const t = course({ apiserverReusesServingPair: true, separateEtcdCa: false });
    const toEtcd = t.connections.filter((c) => c.serverCredentialId === byCert(t, 'etcdserver.crt').id);
    expect(toEtcd.map((c) => c.clientCredentialId)).toEqual([byCert(t, 'apiserver.crt').id]);
  });

  it("keeps apiserver-etcd-client (etcd CA) when etcd has its own CA: ca.crt's serving pair could not authenticate to etcd", () => {
    const t = course({ apiserverReusesServingPair: true, separateEtcdCa: true });
    const client = byCert(t, 'apiserver-etcd-client.crt');
    const toEtcd = t.connections.filter((c) => c.serverCredentialId === byCert(t, 'etcdserver.crt').id);
    expect(toEtcd.map((c) => c.clientCredentialId)).toEqual([client.id]);
    expect(caFileOf(t, client)).not.toBe('ca.crt');
  });

  it('without the option the API server has a separate apiserver-kubelet-client pair and a serving-only cert', () => {
    const t = course();
    const api = byCert(t, 'apiserver.crt');
    expect(api.clientAuth).toBe(false);
    const kubeletClient = byCert(t, 'apiserver-kubelet-client.crt');
    for (const c of t.connections.filter((x) => x.label === 'API -> kubelet'))
      expect(c.clientCredentialId).toBe(kubeletClient.id);
  });
});
