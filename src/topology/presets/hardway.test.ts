// Known answers for the Kubernetes The Hard Way preset: reference §4 (ca.conf, docs/04, docs/05
// at 52eb26d), with its two upstream typos corrected.
import { describe, expect, it } from 'vitest';
import type { Credential, Topology } from '../model';
import { buildPreset, PRESET_DEFAULTS } from './index';

const t: Topology = buildPreset('hardway');
const SEATTLE = ['C=US', 'L=Seattle', 'ST=Washington'];
const REMOTE = 'https://server.kubernetes.local:6443';

function byCert(file: string): Credential {
  const matches = t.credentials.filter((c) => c.files?.cert === file);
  expect(matches, file).toHaveLength(1);
  return matches[0]!;
}

function attrs(cred: { subject: Credential['subject'] }, ...types: string[]): string[] {
  return cred.subject
    .filter((a) => types.includes(a.type))
    .map((a) => `${a.type}=${a.value}`)
    .sort();
}

describe('Hard Way preset', () => {
  it('uses RSA-4096 and 3653-day validity for everything, cluster kubernetes-the-hard-way', () => {
    expect(PRESET_DEFAULTS.hardway.keyAlgorithm).toBe('RSA-4096');
    expect(t.clusterName).toBe('kubernetes-the-hard-way');
    expect(t.cas.map((ca) => ca.validityDays)).toEqual([3653]);
    for (const c of t.credentials) expect(c.validityDays, c.label).toBe(3653);
  });

  it('writes flat <name>.crt/.key for the eight certs of docs/04 and the six kubeconfigs of docs/05', () => {
    const certs = [
      'admin',
      'node-0',
      'node-1',
      'kube-proxy',
      'kube-scheduler',
      'kube-controller-manager',
      'kube-api-server',
      'service-accounts',
    ];
    const kubeconfigs = ['node-0', 'node-1', 'kube-proxy', 'kube-controller-manager', 'kube-scheduler', 'admin'];
    const expected = [
      'ca.crt',
      'ca.key',
      ...certs.flatMap((n) => [`${n}.crt`, `${n}.key`]),
      ...kubeconfigs.map((n) => `${n}.kubeconfig`),
    ];
    const paths = [
      ...t.cas.flatMap((ca) => [ca.certFile, ca.keyFile]),
      ...t.credentials.flatMap((c) => [
        ...(c.files ? [c.files.cert, c.files.key] : []),
        ...(c.kubeconfig ? [c.kubeconfig.file] : []),
      ]),
      ...t.keyPairs.flatMap((kp) => [kp.privateFile, kp.publicFile]),
    ];
    expect([...paths].sort()).toEqual([...expected].sort());
  });

  it('has one CA: C=US, ST=Washington, L=Seattle, CN=CA, no SAN', () => {
    expect(t.cas).toHaveLength(1);
    const ca = t.cas[0]!;
    expect([ca.certFile, ca.keyFile]).toEqual(['ca.crt', 'ca.key']);
    expect(attrs(ca, 'C', 'ST', 'L', 'O', 'OU', 'CN')).toEqual(['C=US', 'CN=CA', 'L=Seattle', 'ST=Washington']);
    expect(ca.dnsNames).toEqual([]);
    for (const c of t.credentials) expect(c.caId, c.label).toBe(ca.id);
  });

  const table: Array<{
    name: string;
    cn: string;
    o: string[];
    seattle?: boolean;
    server: boolean;
    dns: string[];
    ips: string[];
  }> = [
    { name: 'admin', cn: 'admin', o: ['system:masters'], seattle: false, server: false, dns: [], ips: [] },
    { name: 'service-accounts', cn: 'service-accounts', o: [], seattle: false, server: false, dns: [], ips: [] },
    {
      name: 'node-0',
      cn: 'system:node:node-0',
      o: ['system:nodes'],
      seattle: true,
      server: true,
      dns: ['node-0'],
      ips: ['127.0.0.1'],
    },
    {
      name: 'node-1',
      cn: 'system:node:node-1',
      o: ['system:nodes'],
      seattle: true,
      server: true,
      dns: ['node-1'],
      ips: ['127.0.0.1'],
    },
    {
      name: 'kube-proxy',
      cn: 'system:kube-proxy',
      o: ['system:node-proxier'],
      server: true,
      dns: ['kube-proxy'],
      ips: ['127.0.0.1'],
    },
    {
      name: 'kube-controller-manager',
      cn: 'system:kube-controller-manager',
      o: ['system:kube-controller-manager'],
      server: true,
      dns: ['kube-controller-manager'],
      ips: ['127.0.0.1'],
    },
    // Upstream O is system:system:kube-scheduler (a typo); the preset corrects it.
    {
      name: 'kube-scheduler',
      cn: 'system:kube-scheduler',
      o: ['system:kube-scheduler'],
      server: true,
      dns: ['kube-scheduler'],
      ips: ['127.0.0.1'],
    },
    {
      name: 'kube-api-server',
      cn: 'kubernetes',
      o: [],
      seattle: true,
      server: true,
      // Upstream lists kubernetes.svc.cluster.local (a typo) instead of kubernetes.default.svc.cluster.local.
      dns: [
        'kubernetes',
        'kubernetes.default',
        'kubernetes.default.svc',
        'kubernetes.default.svc.cluster',
        'kubernetes.default.svc.cluster.local',
        'server.kubernetes.local',
        'api-server.kubernetes.local',
      ],
      ips: ['127.0.0.1', '10.32.0.1'],
    },
  ];

  it.each(table.map((row) => [row.name, row] as const))('%s: subject, usages and SANs as in ca.conf', (_n, row) => {
    const cred = byCert(`${row.name}.crt`);
    expect(cred.files?.key).toBe(`${row.name}.key`);
    expect(attrs(cred, 'CN')).toEqual([`CN=${row.cn}`]);
    expect(attrs(cred, 'O')).toEqual(row.o.map((o) => `O=${o}`));
    // ca.conf gives C/ST/L to the nodes and the API server, none to admin and service-accounts.
    if (row.seattle === true) expect(attrs(cred, 'C', 'ST', 'L')).toEqual(SEATTLE);
    if (row.seattle === false) expect(attrs(cred, 'C', 'ST', 'L')).toEqual([]);
    expect({ serverAuth: cred.serverAuth, clientAuth: cred.clientAuth }).toEqual({
      serverAuth: row.server,
      clientAuth: true,
    });
    expect([...cred.dnsNames].sort()).toEqual([...row.dns].sort());
    expect([...cred.ipAddresses].sort()).toEqual([...row.ips].sort());
  });

  it('kube-api-server does not carry the upstream typo kubernetes.svc.cluster.local', () => {
    expect(byCert('kube-api-server.crt').dnsNames).not.toContain('kubernetes.svc.cluster.local');
  });

  it('kubeconfigs: cluster kubernetes-the-hard-way, context default, user = CN, server.kubernetes.local (admin: 127.0.0.1)', () => {
    const expected: Record<string, { cert: string; server: string }> = {
      'admin.kubeconfig': { cert: 'admin.crt', server: 'https://127.0.0.1:6443' },
      'node-0.kubeconfig': { cert: 'node-0.crt', server: REMOTE },
      'node-1.kubeconfig': { cert: 'node-1.crt', server: REMOTE },
      'kube-proxy.kubeconfig': { cert: 'kube-proxy.crt', server: REMOTE },
      'kube-controller-manager.kubeconfig': { cert: 'kube-controller-manager.crt', server: REMOTE },
      'kube-scheduler.kubeconfig': { cert: 'kube-scheduler.crt', server: REMOTE },
    };
    const withKubeconfig = t.credentials.filter((c) => c.kubeconfig);
    expect(withKubeconfig.map((c) => c.kubeconfig!.file).sort()).toEqual(Object.keys(expected).sort());
    for (const c of withKubeconfig) {
      const k = c.kubeconfig!;
      const want = expected[k.file]!;
      const cn = c.subject.find((a) => a.type === 'CN')?.value;
      // --embed-certs of the same pair as the .crt/.key files.
      expect(c.files?.cert, k.file).toBe(want.cert);
      expect(k, k.file).toEqual({
        file: k.file,
        clusterName: 'kubernetes-the-hard-way',
        contextName: 'default',
        userName: cn,
        server: want.server,
      });
    }
  });

  it('the API server reuses kube-api-server.crt as its client cert towards each kubelet, dialled by node name', () => {
    const api = byCert('kube-api-server.crt');
    const toKubelets = t.connections.filter((c) => c.label === 'API -> kubelet');
    expect(toKubelets.map((c) => c.address).sort()).toEqual(['node-0', 'node-1']);
    for (const c of toKubelets) {
      expect(c.clientCredentialId).toBe(api.id);
      expect(c.serverCredentialId).toBe(byCert(`${c.address}.crt`).id);
      expect(c.clientTrustsCaId, '--kubelet-certificate-authority=ca.crt').toBe(t.cas[0]!.id);
      expect(c.serverTrustsCaId, 'kubelet x509.clientCAFile=ca.crt').toBe(t.cas[0]!.id);
    }
  });

  it('has no etcd or front-proxy certificates and no bare SA key pair (service-accounts.crt instead)', () => {
    for (const c of t.credentials) expect(c.files?.cert ?? '', c.label).not.toMatch(/etcd|front-proxy/);
    expect(t.components.some((c) => c.kind === 'etcd')).toBe(false);
    expect(t.keyPairs).toEqual([]);
  });
});

// The preset takes a controlPlaneEndpoint `host[:port]` (PresetParams) in place of server.kubernetes.local.
describe('Hard Way preset with a controlPlaneEndpoint', () => {
  const api = (t2: Topology) => t2.credentials.find((c) => c.files?.cert === 'kube-api-server.crt')!;
  const servers = (t2: Topology) => [
    ...new Set(
      t2.credentials.filter((c) => c.kubeconfig && c.files?.cert !== 'admin.crt').map((c) => c.kubeconfig!.server),
    ),
  ];

  it('a DNS endpoint becomes a DNS SAN and the kubeconfig host', () => {
    const t2 = buildPreset('hardway', { ...PRESET_DEFAULTS.hardway, controlPlaneEndpoint: 'api.example.com:6443' });
    expect(api(t2).dnsNames).toContain('api.example.com');
    expect(servers(t2)).toEqual(['https://api.example.com:6443']);
  });

  it('an IP endpoint becomes an IP SAN of kube-api-server, not a DNS SAN (clients dial that IP)', () => {
    const t2 = buildPreset('hardway', { ...PRESET_DEFAULTS.hardway, controlPlaneEndpoint: '10.240.0.10:6443' });
    expect(api(t2).ipAddresses).toContain('10.240.0.10');
    expect(api(t2).dnsNames).not.toContain('10.240.0.10');
  });

  it('the endpoint port reaches the kubeconfig server URLs', () => {
    const t2 = buildPreset('hardway', { ...PRESET_DEFAULTS.hardway, controlPlaneEndpoint: 'api.example.com:443' });
    expect(servers(t2)).toEqual(['https://api.example.com:443']);
  });
});
