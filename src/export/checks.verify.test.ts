// Acceptance for the design checker (src/topology/checks): "the mutual-TLS handshake with Node's
// tls fails for each injected fault and succeeds once fixed". Each fault is made with the edits
// the UI makes, on the kubeadm preset with ECDSA P-256 keys (fast); the bundle is generated and
// written to disk and the affected connection handshakes for real between a node:tls server and
// client on 127.0.0.1, reading the files a user would unzip. Then the finding's own one-click fix
// is applied, the bundle regenerated, and the same handshake must succeed.
//
// Node (OpenSSL) words its errors differently from Go, whose text the findings quote:
//   x509: certificate signed by unknown authority  ~ UNABLE_TO_VERIFY_LEAF_SIGNATURE, UNABLE_TO_GET_ISSUER_CERT_LOCALLY, ...
//   x509: certificate is valid for ..., not <host>  ~ ERR_TLS_CERT_ALTNAME_INVALID
//   x509: certificate specifies an incompatible key usage ~ INVALID_PURPOSE (OpenSSL 3: "unsuitable certificate purpose")
// The purpose (EKU) failures are also confirmed with `openssl verify -purpose sslserver|sslclient`.
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionState, type Finding } from '../topology/checks/finding';
import { validateTopology } from '../topology/checks/validateTopology';
import type { Design } from '../topology/design';
import { NO_EDITS, topologyOf } from '../topology/design';
import { addControlPlane, updateConnection, updateCredential, type DesignEdit } from '../topology/edits';
import type { CaId, CredentialId, ConnectionId } from '../topology/model';
import { PRESET_DEFAULTS } from '../topology/presets';
import { openssl, opensslResult, read, writeBundle, type BundleOnDisk } from './testing/bundleOnDisk';
import {
  BAD_PURPOSE_ERRORS,
  caFile,
  connectionHandshake,
  connectionIn,
  credentialIn,
  embeddedKubeconfig,
  FOREIGN_CA_ERRORS,
  handshake,
  pairOf,
  type HandshakeOptions,
  type HandshakeResult,
} from './testing/handshake';

// ---------------------------------------------------------------------------------------------
// Designs and ids (kubeadm preset; the builder's ids are deterministic)

const BASE: Design = {
  presetId: 'kubeadm',
  params: { ...PRESET_DEFAULTS.kubeadm, keyAlgorithm: 'ECDSA-P256' },
  edits: NO_EDITS,
};
const HA: Design = addControlPlane(addControlPlane(BASE));

const ca = (id: string) => id as CaId;
const cred = (id: string) => id as CredentialId;
const conn = (id: string) => id as ConnectionId;
const K = {
  ca: ca('ca:ca'),
  etcdCa: ca('ca:etcd-ca'),
  apiserver: cred('cred:apiserver@controlplane'),
  etcdClient: cred('cred:apiserver-etcd-client@controlplane'),
  etcdServer: cred('cred:etcd-server@controlplane'),
  etcdPeer: cred('cred:etcd-peer@controlplane'),
  admin: cred('cred:admin.conf'),
  scheduler: cred('cred:scheduler.conf@controlplane'),
  kubelet01: cred('cred:kubelet.conf@node01'),
  adminConn: conn('conn:admin->kube-apiserver@controlplane'),
  schedulerConn: conn('conn:kube-scheduler@controlplane->kube-apiserver@controlplane'),
  kubelet01Conn: conn('conn:kubelet@node01->kube-apiserver@controlplane'),
  etcdConn: conn('conn:kube-apiserver@controlplane->etcd@controlplane'),
  etcdctlConn: conn('conn:etcd-healthcheck@controlplane->etcd@controlplane'),
  peerConn: conn('conn:etcd@controlplane->etcd@controlplane-2'),
};

// ---------------------------------------------------------------------------------------------
// Bundles on disk

const bundles: BundleOnDisk[] = [];
afterAll(() => {
  for (const b of bundles) b.cleanup();
});

async function bundleOf(design: Design): Promise<BundleOnDisk> {
  const bundle = await writeBundle(topologyOf(design));
  bundles.push(bundle);
  return bundle;
}

/** The handshake of one connection of the design, with the files its client and server load. */
function specFor(bundle: BundleOnDisk, connectionId: string): HandshakeOptions {
  // A kubeconfig user verifies the server with the kubeconfig's embedded CA, not a file; the
  // server checks the client cert as the real component does.
  return connectionHandshake(bundle, connectionIn(bundle.topology, connectionId), {
    server: 'component',
    kubeconfig: 'always',
  });
}

// ---------------------------------------------------------------------------------------------
// What the generated certificates carry, read with openssl

function extendedKeyUsage(certFile: string): string {
  return opensslResult(['x509', '-in', certFile, '-noout', '-ext', 'extendedKeyUsage'])
    .output.replace(/\s+/g, ' ')
    .trim();
}

function subjectOf(certFile: string): string {
  return openssl(['x509', '-in', certFile, '-noout', '-subject', '-nameopt', 'RFC2253']).trim();
}

/** Go's HostnameError text (crypto/x509/verify.go) for this cert and host, from the cert itself. */
function goHostnameError(certFile: string, host: string): string {
  const ext = opensslResult(['x509', '-in', certFile, '-noout', '-ext', 'subjectAltName']).output;
  const names = [...ext.matchAll(/(DNS|IP Address):([^,\s]+)/g)];
  const dns = names.filter((m) => m[1] === 'DNS').map((m) => m[2]!);
  const ips = names.filter((m) => m[1] === 'IP Address').map((m) => m[2]!.toLowerCase());
  if (net.isIP(host) !== 0) {
    if (ips.length === 0) return `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
    return `x509: certificate is valid for ${ips.join(', ')}, not ${host}`;
  }
  if (dns.length === 0) return `x509: certificate is not valid for any names, but wanted to match ${host}`;
  return `x509: certificate is valid for ${dns.join(', ')}, not ${host}`;
}

// ---------------------------------------------------------------------------------------------
// The fault-fix cycle

function findingOn(findings: readonly Finding[], check: string, connectionId: string): Finding {
  const f = findings.find((x) => x.check === check && x.connectionIds.includes(connectionId));
  if (!f)
    throw new Error(`no ${check} finding on ${connectionId}; findings: ${JSON.stringify(findings.map((x) => x.id))}`);
  return f;
}

interface Cycle {
  readonly faulted: Design;
  readonly finding: Finding;
  readonly failed: HandshakeResult;
  readonly bundle: BundleOnDisk;
  readonly fixedBundle: BundleOnDisk;
}

/**
 * Injects the fault, checks the design (the edge must be failing with this check), handshakes
 * (must fail, `expectFailure` says how), applies the finding's fix, regenerates and handshakes
 * again (must succeed, with no error left on the edge).
 */
async function faultAndFix(opts: {
  readonly base?: Design;
  readonly fault: DesignEdit;
  readonly check: string;
  readonly connectionId: string;
  readonly expectFailure: (r: HandshakeResult, bundle: BundleOnDisk, finding: Finding) => void;
}): Promise<Cycle> {
  const faulted = opts.fault(opts.base ?? BASE);
  const findings = validateTopology(topologyOf(faulted));
  const finding = findingOn(findings, opts.check, opts.connectionId);
  expect(finding.severity).toBe('error');
  expect(connectionState(findings, opts.connectionId)).toBe('failing');

  const bundle = await bundleOf(faulted);
  const failed = await handshake(specFor(bundle, opts.connectionId));
  expect(
    failed.ok,
    `the ${opts.check} fault did not break the real handshake of ${opts.connectionId}: ${failed.summary}`,
  ).toBe(false);
  opts.expectFailure(failed, bundle, finding);

  expect(finding.fix, `${finding.id} has no fix`).toBeDefined();
  const repaired = finding.fix!.edit(faulted);
  const after = validateTopology(topologyOf(repaired));
  expect(
    after.filter((f) => f.severity === 'error' && f.connectionIds.includes(opts.connectionId)).map((f) => f.id),
  ).toEqual([]);
  const fixedBundle = await bundleOf(repaired);
  const ok = await handshake(specFor(fixedBundle, opts.connectionId));
  expect(ok.ok, `still failing after "${finding.fix!.label}": ${ok.summary}`).toBe(true);
  return { faulted, finding, failed, bundle, fixedBundle };
}

/**
 * A usage switched off on a cert that had only that one: the checker reports the edge failing;
 * the issued cert has no extendedKeyUsage at all, and the real handshake must fail as reported.
 */
/**
 * A certificate left with no extended key usage at all is valid for every purpose (Go's
 * checkChainForKeyUsage, OpenSSL): the checker must not flag it, and the real handshake works.
 */
async function noEkuLeft(opts: {
  readonly fault: DesignEdit;
  readonly check: string;
  readonly connectionId: string;
  readonly cert: string;
  readonly purpose: 'sslserver' | 'sslclient';
  readonly ca: CaId;
}): Promise<void> {
  const faulted = opts.fault(BASE);
  const findings = validateTopology(topologyOf(faulted)).filter(
    (f) => f.check === opts.check && f.connectionIds.includes(opts.connectionId),
  );
  expect(findings).toEqual([]);
  const bundle = await bundleOf(faulted);
  const cert = bundle.path(opts.cert);
  expect(extendedKeyUsage(cert)).not.toMatch(/TLS Web/);
  const verify = opensslResult(['verify', '-purpose', opts.purpose, '-CAfile', caFile(bundle, opts.ca), cert]);
  expect(verify.ok, verify.output).toBe(true);
  const r = await handshake(specFor(bundle, opts.connectionId));
  expect(r.ok, r.summary).toBe(true);
}

const clientRejectsServer = (codes: readonly string[]) => (r: HandshakeResult) => {
  expect(codes, r.summary).toContain(r.client.code);
};
const serverRejectsClient = (codes: readonly string[]) => (r: HandshakeResult) => {
  expect(codes, r.summary).toContain(r.server.refused);
};

// ---------------------------------------------------------------------------------------------

describe('the design, unchanged, handshakes on every connection the checks below break', () => {
  it.each([K.adminConn, K.etcdConn, K.etcdctlConn, K.schedulerConn, K.kubelet01Conn])('%s', async (id) => {
    const bundle = await bundleOf(BASE);
    expect(validateTopology(bundle.topology)).toEqual([]);
    const r = await handshake(specFor(bundle, id));
    expect(r.ok, r.summary).toBe(true);
  });
});

describe('server-trust', () => {
  it('kubectl trusting the etcd CA (admin.conf embeds it): the client rejects apiserver.crt; fixed, it handshakes', async () => {
    const { finding, bundle } = await faultAndFix({
      fault: updateConnection(K.adminConn, { clientTrustsCaId: K.etcdCa }),
      check: 'server-trust',
      connectionId: K.adminConn,
      expectFailure: clientRejectsServer(FOREIGN_CA_ERRORS),
    });
    expect(finding.quote).toBe('x509: certificate signed by unknown authority');
    // The kubeconfig really embeds the etcd CA, and openssl agrees the server cert does not chain to it.
    expect(read(embeddedKubeconfig(bundle, 'admin.conf').caFile).trim()).toBe(read(caFile(bundle, K.etcdCa)).trim());
    const v = opensslResult([
      'verify',
      '-CAfile',
      embeddedKubeconfig(bundle, 'admin.conf').caFile,
      bundle.path('pki/apiserver.crt'),
    ]);
    expect(v.ok, v.output).toBe(false);
  });
});

describe('san', () => {
  const quoteMatchesCert = (host: string) => (r: HandshakeResult, bundle: BundleOnDisk, f: Finding) => {
    expect(r.client.code, r.summary).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    const server = credentialIn(
      bundle.topology,
      connectionIn(bundle.topology, f.connectionIds[0]!).serverCredentialId!,
    );
    expect(f.quote, 'the quote is not what Go would say for the issued certificate').toBe(
      goHostnameError(pairOf(bundle, server).cert, host),
    );
  };

  it('the advertise IP removed from apiserver.crt: kubectl at 192.168.56.10 fails the host check; fixed, it handshakes', async () => {
    const { finding } = await faultAndFix({
      fault: updateCredential(K.apiserver, { ipAddresses: ['10.96.0.1'] }),
      check: 'san',
      connectionId: K.adminConn,
      expectFailure: quoteMatchesCert('192.168.56.10'),
    });
    expect(finding.quote).toBe('x509: certificate is valid for 10.96.0.1, not 192.168.56.10');
  });

  it('no IP SANs at all: cannot validate for an IP; fixed, it handshakes', async () => {
    const { finding } = await faultAndFix({
      fault: updateCredential(K.apiserver, { ipAddresses: [] }),
      check: 'san',
      connectionId: K.adminConn,
      expectFailure: quoteMatchesCert('192.168.56.10'),
    });
    expect(finding.quote).toBe(
      "x509: cannot validate certificate for 192.168.56.10 because it doesn't contain any IP SANs",
    );
  });

  it('etcdctl dialling a DNS name etcd/server.crt does not cover; fixed, it handshakes', async () => {
    const { finding } = await faultAndFix({
      fault: updateConnection(K.etcdctlConn, { address: 'etcd.example.com' }),
      check: 'san',
      connectionId: K.etcdctlConn,
      expectFailure: quoteMatchesCert('etcd.example.com'),
    });
    expect(finding.quote).toBe('x509: certificate is valid for controlplane, localhost, not etcd.example.com');
  });

  // The generator sorts DNS SANs (pki/issue.ts) and Go lists them in certificate order.
  it('a hand-added DNS SAN: the quote lists the names as the issued certificate does', async () => {
    const api = credentialIn(topologyOf(BASE), K.apiserver);
    await faultAndFix({
      fault: (d) =>
        updateConnection(K.adminConn, { address: 'api.example.org' })(
          updateCredential(K.apiserver, { dnsNames: [...api.dnsNames, 'api.example.com'] })(d),
        ),
      check: 'san',
      connectionId: K.adminConn,
      expectFailure: quoteMatchesCert('api.example.org'),
    });
  });
});

describe('server-eku', () => {
  it('etcd/server.crt with clientAuth only: the client refuses its purpose; fixed, it handshakes', async () => {
    const { finding, bundle, fixedBundle } = await faultAndFix({
      fault: updateCredential(K.etcdServer, { serverAuth: false }),
      check: 'server-eku',
      connectionId: K.etcdConn,
      expectFailure: clientRejectsServer(BAD_PURPOSE_ERRORS),
    });
    expect(finding.quote).toBe('x509: certificate specifies an incompatible key usage');
    const cert = bundle.path('pki/etcd/server.crt');
    expect(extendedKeyUsage(cert)).toContain('TLS Web Client Authentication');
    expect(extendedKeyUsage(cert)).not.toContain('TLS Web Server Authentication');
    const v = opensslResult(['verify', '-purpose', 'sslserver', '-CAfile', caFile(bundle, K.etcdCa), cert]);
    expect(v.ok, v.output).toBe(false);
    expect(v.output).toMatch(/unsuitable certificate purpose|unsupported certificate purpose/);
    const fixedV = opensslResult([
      'verify',
      '-purpose',
      'sslserver',
      '-CAfile',
      caFile(fixedBundle, K.etcdCa),
      fixedBundle.path('pki/etcd/server.crt'),
    ]);
    expect(fixedV.ok, fixedV.output).toBe(true);
  });

  // With serverAuth off and clientAuth already off, the generator writes no extendedKeyUsage
  // extension at all (pki/issue.ts); Go (checkChainForKeyUsage) and OpenSSL both accept such a
  // cert for any purpose, so the handshake the finding says fails goes through.
  it('apiserver.crt with serverAuth switched off (no EKU left) is valid for any purpose: no finding, and it handshakes', async () => {
    await noEkuLeft({
      fault: updateCredential(K.apiserver, { serverAuth: false }),
      check: 'server-eku',
      connectionId: K.adminConn,
      cert: 'pki/apiserver.crt',
      purpose: 'sslserver',
      ca: K.ca,
    });
  });
});

describe('client-trust', () => {
  it('admin.conf re-signed by the etcd CA: the API server refuses the client cert; fixed, it handshakes', async () => {
    const { finding } = await faultAndFix({
      fault: updateCredential(K.admin, { caId: K.etcdCa }),
      check: 'client-trust',
      connectionId: K.adminConn,
      expectFailure: serverRejectsClient(FOREIGN_CA_ERRORS),
    });
    expect(finding.quote).toBe('error: You must be logged in to the server (Unauthorized)');
  });

  it("the API server's etcd client cert re-signed by the cluster CA: etcd refuses it; fixed, it handshakes", async () => {
    await faultAndFix({
      fault: updateCredential(K.etcdClient, { caId: K.ca }),
      check: 'client-trust',
      connectionId: K.etcdConn,
      expectFailure: serverRejectsClient(FOREIGN_CA_ERRORS),
    });
  });
});

describe('client-eku', () => {
  it('apiserver-etcd-client.crt with serverAuth only: etcd refuses its purpose; fixed, it handshakes', async () => {
    const { finding, bundle } = await faultAndFix({
      fault: updateCredential(K.etcdClient, { clientAuth: false, serverAuth: true }),
      check: 'client-eku',
      connectionId: K.etcdConn,
      expectFailure: serverRejectsClient(BAD_PURPOSE_ERRORS),
    });
    expect(finding.quote).toBe('remote error: tls: bad certificate');
    const v = opensslResult([
      'verify',
      '-purpose',
      'sslclient',
      '-CAfile',
      caFile(bundle, K.etcdCa),
      bundle.path('pki/apiserver-etcd-client.crt'),
    ]);
    expect(v.ok, v.output).toBe(false);
    expect(v.output).toMatch(/unsuitable certificate purpose|unsupported certificate purpose/);
  });

  it('admin.conf with serverAuth only: the API server refuses it; fixed, it handshakes', async () => {
    await faultAndFix({
      fault: updateCredential(K.admin, { clientAuth: false, serverAuth: true }),
      check: 'client-eku',
      connectionId: K.adminConn,
      expectFailure: serverRejectsClient(BAD_PURPOSE_ERRORS),
    });
  });

  // As for server-eku: no usage at all means no EKU extension, accepted for any purpose.
  it('apiserver-etcd-client.crt with clientAuth switched off (no EKU left) is valid for any purpose: no finding, and it handshakes', async () => {
    await noEkuLeft({
      fault: updateCredential(K.etcdClient, { clientAuth: false }),
      check: 'client-eku',
      connectionId: K.etcdConn,
      cert: 'pki/apiserver-etcd-client.crt',
      purpose: 'sslclient',
      ca: K.etcdCa,
    });
  });
});

describe('etcd-eku', () => {
  it('3 control-plane nodes, etcd/peer.crt without clientAuth: the peer it dials refuses it; fixed (both usages), it handshakes', async () => {
    const { finding, bundle } = await faultAndFix({
      base: HA,
      fault: updateCredential(K.etcdPeer, { clientAuth: false }),
      check: 'etcd-eku',
      connectionId: K.peerConn,
      expectFailure: serverRejectsClient(BAD_PURPOSE_ERRORS),
    });
    expect(finding.id).toBe(`etcd-eku:${K.etcdPeer}`);
    expect(extendedKeyUsage(bundle.path('pki/etcd/peer.crt'))).not.toContain('TLS Web Client Authentication');
  });

  it("etcd/server.crt without clientAuth: etcd's own loopback dial with it fails; fixed, it succeeds", async () => {
    const faulted = updateCredential(K.etcdServer, { clientAuth: false })(BASE);
    const finding = validateTopology(topologyOf(faulted)).find((f) => f.id === `etcd-eku:${K.etcdServer}`);
    if (!finding) throw new Error('no etcd-eku finding for etcd/server.crt');
    // No modelled connection presents it as a client, so no edge is marked.
    expect(finding.connectionIds).toEqual([]);
    const selfDial = (bundle: BundleOnDisk): HandshakeOptions => {
      const pair = pairOf(bundle, credentialIn(bundle.topology, K.etcdServer));
      const etcdCa = caFile(bundle, K.etcdCa);
      return {
        server: { ...pair, ca: etcdCa, verifyClient: 'require' },
        client: { ...pair, ca: etcdCa, address: '127.0.0.1', rejectUnauthorized: true },
      };
    };
    const bundle = await bundleOf(faulted);
    const failed = await handshake(selfDial(bundle));
    expect(failed.ok, failed.summary).toBe(false);
    expect(BAD_PURPOSE_ERRORS, failed.summary).toContain(failed.server.refused);
    const fixedBundle = await bundleOf(finding.fix!.edit(faulted));
    const ok = await handshake(selfDial(fixedBundle));
    expect(ok.ok, ok.summary).toBe(true);
    // Its clients only see it as a server cert: they still handshake.
    for (const id of [K.etcdConn, K.etcdctlConn]) {
      const r = await handshake(specFor(bundle, id));
      expect(r.ok, `${id}: ${r.summary}`).toBe(true);
    }
  });
});

// Authorization, not TLS: the handshake succeeds either way. What can be confirmed is that the
// generated cert carries the identity the finding quotes.
describe('identity checks read what the issued certificate carries', () => {
  it("kubelet-name: node01's kubelet.conf with CN system:node:node02", async () => {
    const base = topologyOf(BASE);
    const subject = credentialIn(base, K.kubelet01).subject.map((a) =>
      a.type === 'CN' ? { ...a, value: 'system:node:node02' } : a,
    );
    const faulted = updateCredential(K.kubelet01, { subject })(BASE);
    const finding = findingOn(validateTopology(topologyOf(faulted)), 'kubelet-name', K.kubelet01Conn);
    expect(finding.quote).toBe('nodes "node01" is forbidden: node "node02" is not allowed to modify node "node01"');
    const bundle = await bundleOf(faulted);
    const cert = embeddedKubeconfig(bundle, 'nodes/node01/kubelet.conf').certFile;
    expect(subjectOf(cert)).toBe('subject=CN=system:node:node02,O=system:nodes');
    const r = await handshake(specFor(bundle, K.kubelet01Conn));
    expect(r.ok, r.summary).toBe(true);

    const fixedBundle = await bundleOf(finding.fix!.edit(faulted));
    expect(subjectOf(embeddedKubeconfig(fixedBundle, 'nodes/node01/kubelet.conf').certFile)).toBe(
      'subject=CN=system:node:node01,O=system:nodes',
    );
  });

  it('rbac-user: scheduler.conf with CN kube-scheduler', async () => {
    const subject = [{ type: 'CN' as const, value: 'kube-scheduler' }];
    const faulted = updateCredential(K.scheduler, { subject })(BASE);
    const finding = findingOn(validateTopology(topologyOf(faulted)), 'rbac-user', K.schedulerConn);
    expect(finding.quote).toContain('User "kube-scheduler"');
    const bundle = await bundleOf(faulted);
    expect(subjectOf(embeddedKubeconfig(bundle, 'scheduler.conf').certFile)).toBe('subject=CN=kube-scheduler');
    const r = await handshake(specFor(bundle, K.schedulerConn));
    expect(r.ok, r.summary).toBe(true);

    const fixedBundle = await bundleOf(finding.fix!.edit(faulted));
    expect(subjectOf(embeddedKubeconfig(fixedBundle, 'scheduler.conf').certFile)).toBe(
      'subject=CN=system:kube-scheduler',
    );
  });
});
