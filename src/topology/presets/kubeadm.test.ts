// Known answers for the kubeadm preset, taken from ../shared/docs/k8s-pki-reference.md
// (§1.2 certificate list, §1.3 SANs, §2 kubeconfigs), not from the preset's code.
import { describe, expect, it } from 'vitest';
import type { PresetParams } from '../presetParams';
import type { CertificateAuthority, Credential, Topology } from '../model';
import { buildPreset, PRESET_DEFAULTS } from './index';

const DEFAULTS = PRESET_DEFAULTS.kubeadm;
const NODE = 'controlplane';
const ADVERTISE = '192.168.56.10';
const WORKERS = ['node01', 'node02'];
const LOCAL_API = `https://${ADVERTISE}:6443`;

function caOf(t: Topology, cred: Credential): CertificateAuthority {
  const ca = t.cas.find((c) => c.id === cred.caId);
  if (!ca) throw new Error(`${cred.label}: CA ${cred.caId} missing`);
  return ca;
}

function byCertFile(t: Topology, file: string): Credential {
  const matches = t.credentials.filter((c) => c.files?.cert === file);
  expect(matches, `credentials with cert ${file}`).toHaveLength(1);
  return matches[0]!;
}

function byKubeconfig(t: Topology, file: string): Credential {
  const matches = t.credentials.filter((c) => c.kubeconfig?.file === file);
  expect(matches, `credentials with kubeconfig ${file}`).toHaveLength(1);
  return matches[0]!;
}

function values(subject: Credential['subject'], type: 'CN' | 'O' | 'C' | 'ST' | 'L' | 'OU'): string[] {
  return subject.filter((a) => a.type === type).map((a) => a.value);
}

/** Every path the model places in the bundle (README.txt aside). */
function modelPaths(t: Topology): string[] {
  return [
    ...t.cas.flatMap((ca) => [ca.certFile, ca.keyFile]),
    ...t.credentials.flatMap((c) => [
      ...(c.files ? [c.files.cert, c.files.key] : []),
      ...(c.kubeconfig ? [c.kubeconfig.file] : []),
    ]),
    ...t.keyPairs.flatMap((kp) => [kp.privateFile, kp.publicFile]),
  ];
}

describe('kubeadm preset defaults', () => {
  it("are kubeadm's own defaults (reference §1.1, §1.3, §2)", () => {
    expect(DEFAULTS.clusterName).toBe('kubernetes');
    expect(DEFAULTS.serviceCidr).toBe('10.96.0.0/12');
    expect(DEFAULTS.dnsDomain).toBe('cluster.local');
    expect(DEFAULTS.keyAlgorithm).toBe('RSA-2048');
    expect(DEFAULTS.caValidityDays).toBe(3650);
    expect(DEFAULTS.leafValidityDays).toBe(365);
    expect(DEFAULTS.controlPlane).toEqual([{ name: NODE, ip: ADVERTISE }]);
    expect(DEFAULTS.workers.map((w) => w.name)).toEqual(WORKERS);
  });
});

describe('kubeadm preset model (no crypto)', () => {
  const t = buildPreset('kubeadm');

  it('places exactly the files kubeadm init writes, plus worker kubelet.conf under nodes/<name>/', () => {
    const pki = [
      'ca',
      'apiserver',
      'apiserver-kubelet-client',
      'front-proxy-ca',
      'front-proxy-client',
      'etcd/ca',
      'etcd/server',
      'etcd/peer',
      'etcd/healthcheck-client',
      'apiserver-etcd-client',
    ].flatMap((name) => [`pki/${name}.crt`, `pki/${name}.key`]);
    const expected = [
      ...pki,
      'pki/sa.key',
      'pki/sa.pub',
      'admin.conf',
      'super-admin.conf',
      'controller-manager.conf',
      'scheduler.conf',
      'kubelet.conf',
      'nodes/node01/kubelet.conf',
      'nodes/node02/kubelet.conf',
    ];
    const paths = modelPaths(t);
    expect(new Set(paths).size, 'a path is used twice').toBe(paths.length);
    expect([...paths].sort()).toEqual([...expected].sort());
  });

  it('has exactly three self-signed roots: kubernetes, etcd-ca, front-proxy-ca (each with DNS SAN = CN)', () => {
    expect(
      t.cas.map((ca) => [ca.certFile, ca.keyFile, values(ca.subject, 'CN'), ca.dnsNames, ca.validityDays]),
    ).toEqual([
      ['pki/ca.crt', 'pki/ca.key', ['kubernetes'], ['kubernetes'], 3650],
      ['pki/etcd/ca.crt', 'pki/etcd/ca.key', ['etcd-ca'], ['etcd-ca'], 3650],
      ['pki/front-proxy-ca.crt', 'pki/front-proxy-ca.key', ['front-proxy-ca'], ['front-proxy-ca'], 3650],
    ]);
    for (const ca of t.cas) expect(values(ca.subject, 'O'), ca.certFile).toEqual([]);
  });

  // §1.2, O column for kubeadm ≥ 1.36.1 (apiserver-kubelet-client has no O).
  const certTable: Array<{
    file: string;
    ca: string;
    cn: string;
    o: string[];
    server: boolean;
    client: boolean;
    dns: string[];
    ips: string[];
  }> = [
    {
      file: 'pki/apiserver.crt',
      ca: 'pki/ca.crt',
      cn: 'kube-apiserver',
      o: [],
      server: true,
      client: false,
      dns: [NODE, 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'],
      ips: ['10.96.0.1', ADVERTISE],
    },
    {
      file: 'pki/apiserver-kubelet-client.crt',
      ca: 'pki/ca.crt',
      cn: 'kube-apiserver-kubelet-client',
      o: [],
      server: false,
      client: true,
      dns: [],
      ips: [],
    },
    {
      file: 'pki/front-proxy-client.crt',
      ca: 'pki/front-proxy-ca.crt',
      cn: 'front-proxy-client',
      o: [],
      server: false,
      client: true,
      dns: [],
      ips: [],
    },
    {
      file: 'pki/etcd/server.crt',
      ca: 'pki/etcd/ca.crt',
      cn: NODE,
      o: [],
      server: true,
      client: true,
      dns: [NODE, 'localhost'],
      ips: [ADVERTISE, '127.0.0.1', '::1'],
    },
    {
      file: 'pki/etcd/peer.crt',
      ca: 'pki/etcd/ca.crt',
      cn: NODE,
      o: [],
      server: true,
      client: true,
      dns: [NODE, 'localhost'],
      ips: [ADVERTISE, '127.0.0.1', '::1'],
    },
    {
      file: 'pki/etcd/healthcheck-client.crt',
      ca: 'pki/etcd/ca.crt',
      cn: 'kube-etcd-healthcheck-client',
      o: [],
      server: false,
      client: true,
      dns: [],
      ips: [],
    },
    {
      file: 'pki/apiserver-etcd-client.crt',
      ca: 'pki/etcd/ca.crt',
      cn: 'kube-apiserver-etcd-client',
      o: [],
      server: false,
      client: true,
      dns: [],
      ips: [],
    },
  ];

  it.each(certTable.map((row) => [row.file, row] as const))(
    '%s: CA, CN, O, usages, SANs, key file (§1.2, §1.3)',
    (_f, row) => {
      const cred = byCertFile(t, row.file);
      expect(cred.files?.key).toBe(row.file.replace(/\.crt$/, '.key'));
      expect(caOf(t, cred).certFile).toBe(row.ca);
      expect(values(cred.subject, 'CN')).toEqual([row.cn]);
      expect(values(cred.subject, 'O')).toEqual(row.o);
      expect(cred.subject.filter((a) => a.type !== 'CN' && a.type !== 'O')).toEqual([]);
      expect({ serverAuth: cred.serverAuth, clientAuth: cred.clientAuth }).toEqual({
        serverAuth: row.server,
        clientAuth: row.client,
      });
      expect([...cred.dnsNames].sort()).toEqual([...row.dns].sort());
      expect(cred.ipAddresses).toEqual(row.ips); // IPs keep insertion order
      expect(cred.validityDays).toBe(365);
      expect(cred.kubeconfig).toBeNull();
    },
  );

  it('apiserver SANs leave out what kubeadm leaves out (§1.3)', () => {
    const api = byCertFile(t, 'pki/apiserver.crt');
    for (const absent of ['localhost', 'kubernetes.default.svc.cluster']) expect(api.dnsNames).not.toContain(absent);
    expect(api.ipAddresses).not.toContain('127.0.0.1');
  });

  const kubeconfigTable: Array<{ file: string; cn: string; o: string[]; server: string }> = [
    { file: 'admin.conf', cn: 'kubernetes-admin', o: ['kubeadm:cluster-admins'], server: LOCAL_API },
    { file: 'super-admin.conf', cn: 'kubernetes-super-admin', o: ['system:masters'], server: LOCAL_API },
    { file: 'kubelet.conf', cn: `system:node:${NODE}`, o: ['system:nodes'], server: LOCAL_API },
    { file: 'controller-manager.conf', cn: 'system:kube-controller-manager', o: [], server: LOCAL_API },
    { file: 'scheduler.conf', cn: 'system:kube-scheduler', o: [], server: LOCAL_API },
    ...WORKERS.map((w) => ({
      file: `nodes/${w}/kubelet.conf`,
      cn: `system:node:${w}`,
      o: ['system:nodes'],
      server: LOCAL_API,
    })),
  ];

  it.each(kubeconfigTable.map((row) => [row.file, row] as const))(
    '%s: client cert and kubeconfig names (§2)',
    (_f, row) => {
      const cred = byKubeconfig(t, row.file);
      expect(cred.files, 'kubeadm embeds the pair only in the kubeconfig').toBeNull();
      expect(caOf(t, cred).certFile).toBe('pki/ca.crt');
      expect(values(cred.subject, 'CN')).toEqual([row.cn]);
      expect(values(cred.subject, 'O')).toEqual(row.o);
      expect({ serverAuth: cred.serverAuth, clientAuth: cred.clientAuth }).toEqual({
        serverAuth: false,
        clientAuth: true,
      });
      expect(cred.dnsNames).toEqual([]);
      expect(cred.ipAddresses).toEqual([]);
      expect(cred.validityDays).toBe(365);
      expect(cred.kubeconfig).toEqual({
        file: row.file,
        clusterName: 'kubernetes',
        contextName: `${row.cn}@kubernetes`,
        userName: row.cn,
        server: row.server,
      });
    },
  );

  it('uses no system:masters outside super-admin.conf (§6.1)', () => {
    const masters = t.credentials.filter((c) => values(c.subject, 'O').includes('system:masters'));
    expect(masters.map((c) => c.kubeconfig?.file ?? c.files?.cert)).toEqual(['super-admin.conf']);
  });

  it('dials every kubeconfig server at a name or IP the apiserver cert covers (§7 check 5)', () => {
    const api = byCertFile(t, 'pki/apiserver.crt');
    for (const c of t.credentials) {
      if (!c.kubeconfig) continue;
      const host = new URL(c.kubeconfig.server).hostname;
      expect([...api.dnsNames, ...api.ipAddresses], c.kubeconfig.file).toContain(host);
    }
  });

  it('gives the SA key pair as bare pki/sa.key and pki/sa.pub', () => {
    expect(t.keyPairs.map((kp) => [kp.privateFile, kp.publicFile])).toEqual([['pki/sa.key', 'pki/sa.pub']]);
  });
});

describe('kubeadm preset with controlPlaneEndpoint and certSANs', () => {
  const params: PresetParams = {
    ...DEFAULTS,
    controlPlaneEndpoint: 'lb.example.com:6443',
    extraSans: ['10.0.0.100', 'api.example.com'],
  };
  const t = buildPreset('kubeadm', params);

  it('adds the endpoint host and certSANs to the apiserver cert, by kind (§1.3)', () => {
    const api = byCertFile(t, 'pki/apiserver.crt');
    expect([...api.dnsNames].sort()).toEqual([
      'api.example.com',
      NODE,
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      'kubernetes.default.svc.cluster.local',
      'lb.example.com',
    ]);
    expect(api.ipAddresses).toEqual(['10.96.0.1', ADVERTISE, '10.0.0.100']);
  });

  it('leaves the etcd SANs alone', () => {
    for (const file of ['pki/etcd/server.crt', 'pki/etcd/peer.crt']) {
      const etcd = byCertFile(t, file);
      expect([...etcd.dnsNames].sort(), file).toEqual([NODE, 'localhost']);
      expect(etcd.ipAddresses, file).toEqual([ADVERTISE, '127.0.0.1', '::1']);
    }
  });

  it('points admin, super-admin and kubelet at the endpoint, scheduler and controller-manager at the local API (§2)', () => {
    const server = (file: string) => byKubeconfig(t, file).kubeconfig?.server;
    for (const file of [
      'admin.conf',
      'super-admin.conf',
      'kubelet.conf',
      'nodes/node01/kubelet.conf',
      'nodes/node02/kubelet.conf',
    ]) {
      expect(server(file), file).toBe('https://lb.example.com:6443');
    }
    for (const file of ['scheduler.conf', 'controller-manager.conf']) expect(server(file), file).toBe(LOCAL_API);
  });
});
