// Model-level tests of the design checker: every check fires on a fault made with the same
// edits the UI makes, says what the real component would log, and its one-click fix clears it.
// No crypto here; src/export/checks.verify.test.ts confirms the quotes against real TLS.
import { describe, expect, it } from 'vitest';
import type { NameAttribute } from '../../pki/profile';
import type { Design } from '../design';
import { NO_EDITS, topologyOf } from '../design';
import {
  addControlPlane,
  moveCredentialToCa,
  updateCa,
  updateConnection,
  updateCredential,
  type DesignEdit,
} from '../edits';
import type { CaId, ConnectionId, CredentialId, Topology } from '../model';
import type { PresetId } from '../presetParams';
import { PRESET_DEFAULTS } from '../presets';
import { connectionState, type Finding } from './finding';
import { validateTopology } from './validateTopology';

// ---------------------------------------------------------------------------------------------
// Helpers

const presetDesign = (presetId: PresetId): Design => ({ presetId, params: PRESET_DEFAULTS[presetId], edits: NO_EDITS });
const kubeadm = (): Design => presetDesign('kubeadm');
const findingsOf = (design: Design): Finding[] => validateTopology(topologyOf(design));
const idsOf = (findings: readonly Finding[]): string[] => findings.map((f) => f.id).sort();
const apply = (design: Design, ...edits: DesignEdit[]): Design => edits.reduce((d, edit) => edit(d), design);

/** The one finding with this id; fails when there is none or more than one. */
function only(findings: readonly Finding[], id: string): Finding {
  const found = findings.filter((f) => f.id === id);
  expect(
    found.map((f) => f.id),
    `findings: ${JSON.stringify(idsOf(findings))}`,
  ).toEqual([id]);
  return found[0]!;
}

/** Applies the finding's one-click fix; fails when it has none. */
function fixed(design: Design, finding: Finding): Design {
  expect(finding.fix, `${finding.id} has no fix`).toBeDefined();
  return finding.fix!.edit(design);
}

const cred = (id: string) => id as CredentialId;
const conn = (id: string) => id as ConnectionId;
const ca = (id: string) => id as CaId;

function credentialOf(t: Topology, id: string) {
  const found = t.credentials.find((c) => c.id === id);
  if (!found) throw new Error(`no credential ${id}`);
  return found;
}
function connectionOf(t: Topology, id: string) {
  const found = t.connections.find((c) => c.id === id);
  if (!found) throw new Error(`no connection ${id}`);
  return found;
}

const withCn = (subject: readonly NameAttribute[], cn: string) =>
  subject.map((a) => (a.type === 'CN' ? { ...a, value: cn } : a));

// kubeadm preset ids (the builder makes them deterministic).
const K = {
  ca: ca('ca:ca'),
  etcdCa: ca('ca:etcd-ca'),
  frontProxyCa: ca('ca:front-proxy-ca'),
  apiserver: cred('cred:apiserver@controlplane'),
  kubeletClient: cred('cred:apiserver-kubelet-client@controlplane'),
  etcdClient: cred('cred:apiserver-etcd-client@controlplane'),
  frontProxyClient: cred('cred:front-proxy-client@controlplane'),
  etcdServer: cred('cred:etcd-server@controlplane'),
  etcdPeer: cred('cred:etcd-peer@controlplane'),
  admin: cred('cred:admin.conf'),
  superAdmin: cred('cred:super-admin.conf'),
  scheduler: cred('cred:scheduler.conf@controlplane'),
  kubelet01: cred('cred:kubelet.conf@node01'),
  adminConn: conn('conn:admin->kube-apiserver@controlplane'),
  superAdminConn: conn('conn:super-admin->kube-apiserver@controlplane'),
  schedulerConn: conn('conn:kube-scheduler@controlplane->kube-apiserver@controlplane'),
  etcdConn: conn('conn:kube-apiserver@controlplane->etcd@controlplane'),
  etcdctlConn: conn('conn:etcd-healthcheck@controlplane->etcd@controlplane'),
  kubelet01Conn: conn('conn:kubelet@node01->kube-apiserver@controlplane'),
  apiToKubelet01: conn('conn:kube-apiserver@controlplane->kubelet@node01'),
  aggregatedConn: conn('conn:kube-apiserver@controlplane->extension-apiserver@node01'),
};

/** Connections of the kubeadm preset that verify the API server's serving cert at the advertise address. */
function apiDials(t: Topology): string[] {
  return t.connections
    .filter((c) => c.serverCredentialId === K.apiserver && c.clientTrustsCaId !== null && c.address === '192.168.56.10')
    .map((c) => c.id)
    .sort();
}

// ---------------------------------------------------------------------------------------------

describe('preset defaults', () => {
  it('kubeadm: no findings', () => {
    expect(findingsOf(kubeadm())).toEqual([]);
  });

  it('course: only masters warnings, on admin and apiserver-kubelet-client', () => {
    const findings = findingsOf(presetDesign('course'));
    expect(idsOf(findings)).toEqual(['masters:cred:admin', 'masters:cred:apiserver-kubelet-client']);
    for (const f of findings) {
      expect(f.severity).toBe('warning');
      expect(f.check).toBe('masters');
      expect(f.fix).toBeUndefined();
    }
    // admin dials the API; apiserver-kubelet-client only dials kubelets, so it marks no API edge.
    expect(only(findings, 'masters:cred:admin').connectionIds).toEqual(['conn:admin->kube-apiserver@controlplane']);
    expect(only(findings, 'masters:cred:apiserver-kubelet-client').connectionIds).toEqual([]);
  });

  it('hardway: only the masters warning on admin', () => {
    const findings = findingsOf(presetDesign('hardway'));
    expect(idsOf(findings)).toEqual(['masters:cred:admin']);
    expect(findings[0]!.severity).toBe('warning');
    expect(findings[0]!.connectionIds).toEqual(['conn:admin->kube-apiserver@server']);
  });

  it('preset variants add no findings: course with an etcd CA or a reused serving pair, kubeadm HA with an endpoint, extra SANs and a pool', () => {
    const course = PRESET_DEFAULTS.course;
    expect(
      idsOf(findingsOf({ presetId: 'course', params: { ...course, separateEtcdCa: true }, edits: NO_EDITS })),
    ).toEqual(['masters:cred:admin', 'masters:cred:apiserver-kubelet-client']);
    // The reused serving pair carries no O=system:masters, so only admin is left.
    expect(
      idsOf(
        findingsOf({ presetId: 'course', params: { ...course, apiserverReusesServingPair: true }, edits: NO_EDITS }),
      ),
    ).toEqual(['masters:cred:admin']);
    const ha = apply(
      {
        presetId: 'kubeadm',
        edits: NO_EDITS,
        params: {
          ...PRESET_DEFAULTS.kubeadm,
          controlPlaneEndpoint: 'api.example.com:6443',
          extraSans: ['10.0.0.5', 'k8s.example.com'],
          workers: [{ name: 'pool', ip: '192.168.56.30', count: 3 }],
        },
      },
      addControlPlane,
      addControlPlane,
    );
    expect(findingsOf(ha)).toEqual([]);
  });
});

describe('server-trust', () => {
  it('a client that trusts another CA than the one that signed the server cert: unknown authority; the fix trusts the signer', () => {
    const d = updateConnection(K.adminConn, { clientTrustsCaId: K.etcdCa })(kubeadm());
    const findings = findingsOf(d);
    expect(idsOf(findings)).toEqual([`server-trust:${K.adminConn}`]);
    const f = only(findings, `server-trust:${K.adminConn}`);
    expect(f).toMatchObject({
      severity: 'error',
      check: 'server-trust',
      quote: 'x509: certificate signed by unknown authority',
      connectionIds: [K.adminConn],
      target: { kind: 'connection', id: K.adminConn },
    });
    expect(f.explanation).toContain('etcd CA');
    expect(f.explanation).toContain('Kubernetes CA');
    expect(connectionState(findings, K.adminConn)).toBe('failing');

    const after = fixed(d, f);
    expect(connectionOf(topologyOf(after), K.adminConn).clientTrustsCaId).toBe(K.ca);
    expect(findingsOf(after)).toEqual([]);
  });

  it('a client that verifies nothing (kubeadm API -> kubelet) is not checked', () => {
    const t = topologyOf(kubeadm());
    expect(connectionOf(t, K.apiToKubelet01).clientTrustsCaId).toBeNull();
    expect(validateTopology(t).filter((f) => f.connectionIds.includes(K.apiToKubelet01))).toEqual([]);
  });
});

describe('san', () => {
  it("the advertise IP removed from apiserver.crt: every client dialling it fails with Go's HostnameError; the fix adds it back", () => {
    const d = updateCredential(K.apiserver, { ipAddresses: ['10.96.0.1'] })(kubeadm());
    const t = topologyOf(d);
    const findings = validateTopology(t);
    const dials = apiDials(t);
    // scheduler, controller-manager, admin, super-admin, 3 kubelets and 3 kube-proxies (token clients verify the server too).
    expect(dials).toHaveLength(10);
    expect(idsOf(findings)).toEqual(dials.map((id) => `san:${id}`).sort());
    for (const f of findings) {
      expect(f.severity).toBe('error');
      expect(f.quote).toBe('x509: certificate is valid for 10.96.0.1, not 192.168.56.10');
      expect(connectionState(findings, f.connectionIds[0]!)).toBe('failing');
    }
    // Edges whose client does not verify the server stay ok.
    expect(connectionState(findings, K.apiToKubelet01)).toBe('ok');

    const after = fixed(d, only(findings, `san:${K.adminConn}`));
    expect(credentialOf(topologyOf(after), K.apiserver).ipAddresses).toEqual(['10.96.0.1', '192.168.56.10']);
    expect(findingsOf(after)).toEqual([]);
  });

  it('a DNS name not covered: valid for <the DNS SANs>, not <name>; the fix adds the name', () => {
    const d = updateConnection(K.adminConn, { address: 'api.example.com' })(kubeadm());
    const findings = findingsOf(d);
    const f = only(findings, `san:${K.adminConn}`);
    expect(idsOf(findings)).toEqual([f.id]);
    expect(f.quote).toBe(
      'x509: certificate is valid for controlplane, kubernetes, kubernetes.default, kubernetes.default.svc, kubernetes.default.svc.cluster.local, not api.example.com',
    );
    const after = fixed(d, f);
    expect(credentialOf(topologyOf(after), K.apiserver).dnsNames).toContain('api.example.com');
    expect(findingsOf(after)).toEqual([]);
  });

  it("an IP dialled, no IP SANs at all: cannot validate ... because it doesn't contain any IP SANs", () => {
    const d = updateCredential(K.apiserver, { ipAddresses: [] })(kubeadm());
    const findings = findingsOf(d);
    expect(only(findings, `san:${K.adminConn}`).quote).toBe(
      "x509: cannot validate certificate for 192.168.56.10 because it doesn't contain any IP SANs",
    );
    const after = fixed(d, only(findings, `san:${K.adminConn}`));
    expect(credentialOf(topologyOf(after), K.apiserver).ipAddresses).toEqual(['192.168.56.10']);
    expect(findingsOf(after)).toEqual([]);
  });

  it('a DNS name dialled, IP SANs only: not valid for any names', () => {
    const d = apply(
      kubeadm(),
      updateCredential(K.apiserver, { dnsNames: [] }),
      updateConnection(K.adminConn, { address: 'api.example.com' }),
    );
    expect(only(findingsOf(d), `san:${K.adminConn}`).quote).toBe(
      'x509: certificate is not valid for any names, but wanted to match api.example.com',
    );
  });

  // Go's HostnameError (crypto/x509/verify.go) says "relies on legacy Common Name field" only
  // when the cert has no SAN extension AND its CN matches the host; otherwise the usual texts.
  it('no SANs at all, CN does not match the IP dialled: Go says it has no IP SANs (not the legacy-CN text)', () => {
    const d = updateCredential(K.apiserver, { ipAddresses: [], dnsNames: [] })(kubeadm());
    expect(only(findingsOf(d), `san:${K.adminConn}`).quote).toBe(
      "x509: cannot validate certificate for 192.168.56.10 because it doesn't contain any IP SANs",
    );
  });

  it('no SANs at all, CN does not match the DNS name dialled: Go says it is not valid for any names', () => {
    const d = apply(
      kubeadm(),
      updateCredential(K.apiserver, { ipAddresses: [], dnsNames: [] }),
      updateConnection(K.adminConn, { address: 'api.example.com' }),
    );
    expect(only(findingsOf(d), `san:${K.adminConn}`).quote).toBe(
      'x509: certificate is not valid for any names, but wanted to match api.example.com',
    );
  });

  it('no SANs at all, CN equal to the name dialled: the legacy Common Name text', () => {
    // etcd's server cert has CN=controlplane (its node name).
    const d = apply(
      kubeadm(),
      updateCredential(K.etcdServer, { ipAddresses: [], dnsNames: [] }),
      updateConnection(K.etcdctlConn, { address: 'controlplane' }),
    );
    expect(only(findingsOf(d), `san:${K.etcdctlConn}`).quote).toBe(
      'x509: certificate relies on legacy Common Name field, use SANs instead',
    );
  });

  it('a wildcard covers exactly one label, case-insensitively', () => {
    const wildcard = updateCredential(K.apiserver, { dnsNames: ['*.example.com'] })(kubeadm());
    const dialling = (address: string) =>
      findingsOf(updateConnection(K.adminConn, { address })(wildcard)).filter((f) => f.check === 'san');
    expect(dialling('a.example.com')).toEqual([]);
    expect(dialling('A.Example.COM')).toEqual([]);
    for (const address of ['a.b.example.com', 'example.com']) {
      const [f, ...rest] = dialling(address);
      expect(rest).toEqual([]);
      expect(f?.quote).toBe(`x509: certificate is valid for *.example.com, not ${address}`);
    }
    const d = updateConnection(K.adminConn, { address: 'a.b.example.com' })(wildcard);
    const after = fixed(d, only(findingsOf(d), `san:${K.adminConn}`));
    expect(credentialOf(topologyOf(after), K.apiserver).dnsNames).toEqual(['*.example.com', 'a.b.example.com']);
    expect(findingsOf(after).filter((f) => f.check === 'san')).toEqual([]);
  });

  it('IPv6 addresses compare in any textual form', () => {
    const d = apply(
      kubeadm(),
      updateCredential(K.apiserver, { ipAddresses: ['10.96.0.1', '192.168.56.10', 'fd00::10'] }),
      updateConnection(K.adminConn, { address: 'fd00:0:0:0:0:0:0:10' }),
    );
    expect(findingsOf(d)).toEqual([]);
    const other = updateConnection(K.adminConn, { address: 'fd00::11' })(d);
    expect(only(findingsOf(other), `san:${K.adminConn}`).quote).toBe(
      'x509: certificate is valid for 10.96.0.1, 192.168.56.10, fd00::10, not fd00::11',
    );
  });

  // The generator issues DNS SANs de-duplicated and sorted (pki/issue.ts subjectAltNames, like
  // kubeadm), and Go lists c.DNSNames in certificate order: the quote must use that order.
  it('the DNS names are quoted in the order the issued certificate carries them (sorted)', () => {
    const hardway = presetDesign('hardway');
    const api = 'conn:kube-scheduler@server->kube-apiserver@server';
    const d = updateConnection(conn(api), { address: 'other.kubernetes.local' })(hardway);
    expect(only(findingsOf(d), `san:${api}`).quote).toBe(
      'x509: certificate is valid for api-server.kubernetes.local, kubernetes, kubernetes.default, kubernetes.default.svc, ' +
        'kubernetes.default.svc.cluster, kubernetes.default.svc.cluster.local, server.kubernetes.local, not other.kubernetes.local',
    );
  });
});

describe('server-eku', () => {
  it('apiserver.crt with an EKU that lacks serverAuth: incompatible key usage on every edge it serves; the fix adds serverAuth', () => {
    const d = updateCredential(K.apiserver, { serverAuth: false, clientAuth: true })(kubeadm());
    const t = topologyOf(d);
    const findings = validateTopology(t);
    const served = t.connections.filter((c) => c.serverCredentialId === K.apiserver).map((c) => c.id);
    expect(idsOf(findings)).toEqual(served.map((id) => `server-eku:${id}`).sort());
    const f = only(findings, `server-eku:${K.adminConn}`);
    expect(f).toMatchObject({
      severity: 'error',
      quote: 'x509: certificate specifies an incompatible key usage',
      connectionIds: [K.adminConn],
    });
    const after = fixed(d, f);
    expect(credentialOf(topologyOf(after), K.apiserver)).toMatchObject({ serverAuth: true, clientAuth: true });
    expect(findingsOf(after)).toEqual([]);
  });

  // pki/issue.ts writes no extendedKeyUsage extension when neither usage is set, and Go's
  // checkChainForKeyUsage (crypto/x509/verify.go) accepts a cert without EKU for any usage, so
  // the handshake succeeds (confirmed with node:tls in src/export/checks.verify.test.ts).
  it('a cert with neither serverAuth nor clientAuth carries no EKU, which Go accepts: no server-eku', () => {
    const d = updateCredential(K.apiserver, { serverAuth: false })(kubeadm());
    expect(credentialOf(topologyOf(d), K.apiserver)).toMatchObject({ serverAuth: false, clientAuth: false });
    const findings = findingsOf(d);
    expect(findings.filter((f) => f.check === 'server-eku').map((f) => f.id)).toEqual([]);
  });
});

describe('client-trust', () => {
  it('admin.conf re-signed by the etcd CA: the API server answers 401; the fix re-signs it with the CA the API trusts', () => {
    const d = updateCredential(K.admin, { caId: K.etcdCa })(kubeadm());
    const findings = findingsOf(d);
    expect(idsOf(findings)).toEqual([`client-trust:${K.adminConn}`]);
    const f = only(findings, `client-trust:${K.adminConn}`);
    expect(f).toMatchObject({
      severity: 'error',
      check: 'client-trust',
      quote: 'error: You must be logged in to the server (Unauthorized)',
      connectionIds: [K.adminConn],
      target: { kind: 'connection', id: K.adminConn },
    });
    expect(f.explanation).toContain('x509: certificate signed by unknown authority');
    const after = fixed(d, f);
    expect(credentialOf(topologyOf(after), K.admin).caId).toBe(K.ca);
    expect(findingsOf(after)).toEqual([]);
  });

  // Current Go crypto/tls (handshake_server.go, processCertsFromClient) answers a client cert
  // signed by an unknown authority with the unknown_ca alert, which the Go client reports as
  // "remote error: tls: unknown certificate authority"; bad_certificate is only sent for other
  // verification failures (incompatible key usage among them).
  it("the API server's etcd client cert signed by another CA: etcd refuses it with the unknown_ca alert", () => {
    const d = updateCredential(K.etcdClient, { caId: K.ca })(kubeadm());
    const findings = findingsOf(d);
    expect(idsOf(findings)).toEqual([`client-trust:${K.etcdConn}`]);
    const f = only(findings, `client-trust:${K.etcdConn}`);
    expect(f.quote).toBe('remote error: tls: unknown certificate authority');
    expect(findingsOf(fixed(d, f))).toEqual([]);
  });

  it('a token client (kube-proxy) presents no cert and is not checked', () => {
    const t = topologyOf(kubeadm());
    const proxy = connectionOf(t, 'conn:kube-proxy@node01->kube-apiserver@controlplane');
    expect(proxy.clientCredentialId).toBeNull();
    expect(validateTopology(t).filter((f) => f.connectionIds.includes(proxy.id))).toEqual([]);
  });
});

describe('client-eku', () => {
  it('the etcd client cert with an EKU that lacks clientAuth: etcd sends bad_certificate; the fix adds clientAuth', () => {
    const d = updateCredential(K.etcdClient, { clientAuth: false, serverAuth: true })(kubeadm());
    const findings = findingsOf(d);
    expect(idsOf(findings)).toEqual([`client-eku:${K.etcdConn}`]);
    const f = only(findings, `client-eku:${K.etcdConn}`);
    expect(f).toMatchObject({
      severity: 'error',
      check: 'client-eku',
      quote: 'remote error: tls: bad certificate',
      connectionIds: [K.etcdConn],
    });
    const after = fixed(d, f);
    expect(credentialOf(topologyOf(after), K.etcdClient).clientAuth).toBe(true);
    expect(findingsOf(after)).toEqual([]);
  });

  it('admin.conf without clientAuth: the API server answers 401', () => {
    const d = updateCredential(K.admin, { clientAuth: false, serverAuth: true })(kubeadm());
    const f = only(findingsOf(d), `client-eku:${K.adminConn}`);
    expect(f.quote).toBe('error: You must be logged in to the server (Unauthorized)');
    expect(findingsOf(fixed(d, f))).toEqual([]);
  });

  // As for server-eku: with neither usage the cert has no EKU extension and Go accepts it.
  it('a client cert with neither usage carries no EKU, which Go accepts: no client-eku', () => {
    const findings = findingsOf(updateCredential(K.etcdClient, { clientAuth: false })(kubeadm()));
    expect(findings.filter((f) => f.check === 'client-eku').map((f) => f.id)).toEqual([]);
  });
});

describe('kubelet-name', () => {
  it("node01's kubelet with CN system:node:node02: the Node authorizer refuses; the fix restores the CN", () => {
    const base = kubeadm();
    const subject = credentialOf(topologyOf(base), K.kubelet01).subject;
    const d = updateCredential(K.kubelet01, { subject: withCn(subject, 'system:node:node02') })(base);
    const findings = findingsOf(d);
    expect(idsOf(findings)).toEqual([`kubelet-name:${K.kubelet01}`]);
    const f = only(findings, `kubelet-name:${K.kubelet01}`);
    expect(f).toMatchObject({
      severity: 'error',
      check: 'kubelet-name',
      quote: 'nodes "node01" is forbidden: node "node02" is not allowed to modify node "node01"',
      connectionIds: [K.kubelet01Conn],
      target: { kind: 'credential', id: K.kubelet01 },
    });
    expect(connectionState(findings, K.kubelet01Conn)).toBe('failing');
    const after = fixed(d, f);
    expect(credentialOf(topologyOf(after), K.kubelet01).subject).toEqual(subject);
    expect(findingsOf(after)).toEqual([]);
  });

  it('a CN outside system:node: is forbidden as an ordinary user', () => {
    const base = kubeadm();
    const subject = credentialOf(topologyOf(base), K.kubelet01).subject;
    const d = updateCredential(K.kubelet01, { subject: withCn(subject, 'node01') })(base);
    const f = only(findingsOf(d), `kubelet-name:${K.kubelet01}`);
    expect(f.quote).toBe('Forbidden: User "node01" cannot get resource "nodes" in API group "" at the cluster scope');
    expect(findingsOf(fixed(d, f))).toEqual([]);
  });
});

describe('kubelet-group', () => {
  it('O=system:nodes removed: forbidden; the fix adds the group back before the CN', () => {
    const base = kubeadm();
    const subject = credentialOf(topologyOf(base), K.kubelet01).subject;
    const d = updateCredential(K.kubelet01, { subject: subject.filter((a) => a.type !== 'O') })(base);
    const findings = findingsOf(d);
    expect(idsOf(findings)).toEqual([`kubelet-group:${K.kubelet01}`]);
    const f = only(findings, `kubelet-group:${K.kubelet01}`);
    expect(f).toMatchObject({
      severity: 'error',
      quote: 'Forbidden: User "system:node:node01" cannot get resource "nodes" in API group "" at the cluster scope',
      connectionIds: [K.kubelet01Conn],
    });
    const after = fixed(d, f);
    expect(credentialOf(topologyOf(after), K.kubelet01).subject).toEqual(subject);
    expect(findingsOf(after)).toEqual([]);
  });
});

describe('rbac-user', () => {
  it('the scheduler with another CN has no RBAC permissions; the fix restores system:kube-scheduler', () => {
    const base = kubeadm();
    const subject = credentialOf(topologyOf(base), K.scheduler).subject;
    const d = updateCredential(K.scheduler, { subject: withCn(subject, 'kube-scheduler') })(base);
    const findings = findingsOf(d);
    expect(idsOf(findings)).toEqual([`rbac-user:${K.scheduler}`]);
    const f = only(findings, `rbac-user:${K.scheduler}`);
    expect(f).toMatchObject({
      severity: 'error',
      check: 'rbac-user',
      quote: 'Forbidden: User "kube-scheduler" cannot list resource "pods" in API group "" at the cluster scope',
      connectionIds: [K.schedulerConn],
      target: { kind: 'credential', id: K.scheduler },
    });
    const after = fixed(d, f);
    expect(credentialOf(topologyOf(after), K.scheduler).subject).toEqual(subject);
    expect(findingsOf(after)).toEqual([]);
  });
});

describe('masters', () => {
  it('admin.conf in system:masters: a warning on its API edge, no fix', () => {
    const d = updateCredential(K.admin, {
      subject: [
        { type: 'O', value: 'system:masters' },
        { type: 'CN', value: 'kubernetes-admin' },
      ],
    })(kubeadm());
    const findings = findingsOf(d);
    expect(idsOf(findings)).toEqual([`masters:${K.admin}`]);
    const f = only(findings, `masters:${K.admin}`);
    expect(f).toMatchObject({ severity: 'warning', check: 'masters', connectionIds: [K.adminConn] });
    expect(f.fix).toBeUndefined();
    expect(connectionState(findings, K.adminConn)).toBe('warning');
  });

  it('super-admin.conf, the break-glass credential, is exempt', () => {
    const t = topologyOf(kubeadm());
    expect(credentialOf(t, K.superAdmin).subject).toContainEqual({ type: 'O', value: 'system:masters' });
    expect(validateTopology(t).filter((f) => f.check === 'masters')).toEqual([]);
    expect(connectionState(validateTopology(t), K.superAdminConn)).toBe('ok');
  });
});

describe('etcd-eku', () => {
  it("etcd's server cert without clientAuth (etcd dials itself with it); the fix sets both usages", () => {
    const d = updateCredential(K.etcdServer, { clientAuth: false })(kubeadm());
    const findings = findingsOf(d);
    expect(idsOf(findings)).toEqual([`etcd-eku:${K.etcdServer}`]);
    const f = only(findings, `etcd-eku:${K.etcdServer}`);
    expect(f).toMatchObject({
      severity: 'error',
      check: 'etcd-eku',
      quote: 'x509: certificate specifies an incompatible key usage',
      target: { kind: 'credential', id: K.etcdServer },
    });
    // Its clients see it only as a server cert and still handshake; what fails is etcd's own dial.
    expect(f.connectionIds).toEqual([]);
    const after = fixed(d, f);
    expect(credentialOf(topologyOf(after), K.etcdServer)).toMatchObject({ serverAuth: true, clientAuth: true });
    expect(findingsOf(after)).toEqual([]);
  });

  it('a peer cert without clientAuth fails the peer connections it dials (3 control-plane nodes)', () => {
    const ha = apply(kubeadm(), addControlPlane, addControlPlane);
    const d = updateCredential(K.etcdPeer, { clientAuth: false })(ha);
    const t = topologyOf(d);
    const findings = validateTopology(t);
    const dialled = t.connections.filter((c) => c.clientCredentialId === K.etcdPeer).map((c) => c.id);
    expect(dialled).toHaveLength(2);
    expect(idsOf(findings)).toEqual([`etcd-eku:${K.etcdPeer}`, ...dialled.map((id) => `client-eku:${id}`)].sort());
    for (const id of dialled) expect(connectionState(findings, id)).toBe('failing');
    expect(findingsOf(fixed(d, only(findings, `etcd-eku:${K.etcdPeer}`)))).toEqual([]);
  });
});

describe('outlives-ca', () => {
  it("a leaf valid longer than its CA: a warning; the fix shortens it to the CA's validity", () => {
    const d = updateCredential(K.admin, { validityDays: 4000 })(kubeadm());
    const findings = findingsOf(d);
    expect(idsOf(findings)).toEqual([`outlives-ca:${K.admin}`]);
    const f = only(findings, `outlives-ca:${K.admin}`);
    expect(f).toMatchObject({ severity: 'warning', check: 'outlives-ca', connectionIds: [K.adminConn] });
    expect(connectionState(findings, K.adminConn)).toBe('warning');
    const after = fixed(d, f);
    expect(credentialOf(topologyOf(after), K.admin).validityDays).toBe(3650);
    expect(findingsOf(after)).toEqual([]);
  });

  it("exactly the CA's validity is fine; a CA shortened below its leaves warns on each of them", () => {
    expect(findingsOf(updateCredential(K.admin, { validityDays: 3650 })(kubeadm()))).toEqual([]);
    const d = updateCa(K.frontProxyCa, { validityDays: 100 })(kubeadm());
    expect(idsOf(findingsOf(d))).toEqual([`outlives-ca:${K.frontProxyClient}`]);
  });
});

describe('front-proxy-ca', () => {
  it('front-proxy-client moved to the cluster CA: a warning on the aggregated API edge', () => {
    const d = moveCredentialToCa(K.frontProxyClient, K.ca)(kubeadm());
    const findings = findingsOf(d);
    expect(idsOf(findings)).toEqual([`front-proxy-ca:${K.frontProxyClient}`]);
    const f = only(findings, `front-proxy-ca:${K.frontProxyClient}`);
    expect(f).toMatchObject({ severity: 'warning', check: 'front-proxy-ca', connectionIds: [K.aggregatedConn] });
    expect(connectionState(findings, K.aggregatedConn)).toBe('warning');
  });

  it('re-signed without moving the trust: also a client-trust error on that edge', () => {
    const findings = findingsOf(updateCredential(K.frontProxyClient, { caId: K.ca })(kubeadm()));
    expect(idsOf(findings)).toEqual([`client-trust:${K.aggregatedConn}`, `front-proxy-ca:${K.frontProxyClient}`]);
    expect(connectionState(findings, K.aggregatedConn)).toBe('failing');
  });
});

describe('duplicate-file', () => {
  it('two credentials given the same cert path: an error naming the path', () => {
    const d = updateCredential(K.kubeletClient, {
      files: { cert: 'pki/apiserver.crt', key: 'pki/apiserver-kubelet-client.key' },
    })(kubeadm());
    const findings = findingsOf(d);
    expect(idsOf(findings)).toEqual(['duplicate-file:pki/apiserver.crt']);
    const f = only(findings, 'duplicate-file:pki/apiserver.crt');
    expect(f).toMatchObject({
      severity: 'error',
      check: 'duplicate-file',
      connectionIds: [],
      subject: 'pki/apiserver.crt',
    });
    expect(f.target.kind).toBe('credential');
    expect([K.apiserver, K.kubeletClient]).toContain(f.target.id);
  });

  it("a credential given a CA's path", () => {
    const d = updateCredential(K.admin, { files: { cert: 'pki/ca.crt', key: 'pki/admin.key' } })(kubeadm());
    expect(idsOf(findingsOf(d))).toEqual(['duplicate-file:pki/ca.crt']);
  });

  it('three writers of one path still give findings with distinct ids', () => {
    const files = { cert: 'pki/apiserver.crt', key: 'pki/other.key' };
    const d = apply(
      kubeadm(),
      updateCredential(K.kubeletClient, { files }),
      updateCredential(K.etcdClient, { files: { ...files, key: 'pki/other2.key' } }),
    );
    const ids = findingsOf(d).map((f) => f.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size, `duplicate finding ids: ${JSON.stringify(ids)}`).toBe(ids.length);
  });
});

describe('connectionState', () => {
  it('failing on an error, warning on a warning only, ok otherwise, per edge', () => {
    const d = apply(
      kubeadm(),
      updateConnection(K.adminConn, { clientTrustsCaId: K.etcdCa }), // error on adminConn
      updateCredential(K.admin, { validityDays: 4000 }), // warning on adminConn too
      updateCredential(K.scheduler, { validityDays: 4000 }),
    ); // warning only on schedulerConn
    const findings = findingsOf(d);
    expect(connectionState(findings, K.adminConn)).toBe('failing');
    expect(connectionState(findings, K.schedulerConn)).toBe('warning');
    expect(connectionState(findings, K.etcdConn)).toBe('ok');
    expect(connectionState([], K.adminConn)).toBe('ok');
    expect(connectionState(findings, 'conn:nope')).toBe('ok');
  });
});

describe('every fix', () => {
  const faults: Array<[string, Design]> = [
    ['server-trust', updateConnection(K.etcdConn, { clientTrustsCaId: K.frontProxyCa })(kubeadm())],
    ['san', updateCredential(K.etcdServer, { ipAddresses: ['192.168.56.10'] })(kubeadm())],
    ['server-eku', updateCredential(K.etcdServer, { serverAuth: false })(kubeadm())],
    ['client-trust', updateCredential(K.scheduler, { caId: K.frontProxyCa })(kubeadm())],
    ['client-eku', updateCredential(K.scheduler, { clientAuth: false, serverAuth: true })(kubeadm())],
    ['outlives-ca', updateCredential(K.etcdServer, { validityDays: 5000 })(kubeadm())],
    ['course san', updateCredential(cred('cred:kubelet-node01'), { ipAddresses: [] })(presetDesign('course'))],
    [
      'hardway kubelet-name',
      updateCredential(cred('cred:node-0'), {
        subject: [
          { type: 'O', value: 'system:nodes' },
          { type: 'CN', value: 'system:node:node-1' },
        ],
      })(presetDesign('hardway')),
    ],
  ];

  it.each(faults)(
    '%s: each finding with a fix is gone once the fix is applied, without new errors',
    (_name, design) => {
      const findings = findingsOf(design);
      const withFix = findings.filter((f) => f.fix);
      expect(withFix.length).toBeGreaterThan(0);
      const before = new Set(findings.map((f) => f.id));
      for (const f of withFix) {
        const after = findingsOf(fixed(design, f));
        expect(
          after.map((x) => x.id),
          `${f.id} survives its fix`,
        ).not.toContain(f.id);
        const introduced = after.filter((x) => x.severity === 'error' && !before.has(x.id));
        expect(
          introduced.map((x) => x.id),
          `fix of ${f.id}`,
        ).toEqual([]);
      }
    },
  );
});
