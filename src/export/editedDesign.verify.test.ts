// Acceptance: generation after edits still yields a bundle that passes the openssl and
// mutual-TLS checks. Edited designs (workers and control-plane nodes added, a CA added and
// etcd's serving certs moved to it, custom components connected, SANs edited) are generated,
// written to disk, and checked with tools that share no code with the generator: the openssl
// binary for chains and key pairs, node:tls for a real mutual-TLS handshake per connection.
import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyAlgorithm } from '../pki/keyAlgorithm';
import type { Design } from '../topology/design';
import { NO_EDITS, topologyOf } from '../topology/design';
import {
  addCa,
  addControlPlane,
  addCustomComponent,
  addWorker,
  connect,
  moveCredentialToCa,
  updateConnection,
  updateCredential,
} from '../topology/edits';
import type { CaId, CertificateAuthority, Credential, CredentialId, TlsConnection, Topology } from '../topology/model';
import { PRESET_DEFAULTS } from '../topology/presets';
import { makeTempDir, openssl, opensslResult, writeBundle, type BundleOnDisk, type TempDir } from './testing/bundleOnDisk';

// ---------------------------------------------------------------------------------------------
// The edited designs

interface EditedCase {
  readonly label: string;
  readonly design: Design;
  readonly topology: Topology;
  /** Etcd serving credentials moved off the etcd CA, and that CA. */
  readonly movedEtcd?: { readonly credentials: readonly CredentialId[]; readonly oldCa: CaId; readonly newCa: CaId };
  /** A DNS SAN added by hand to a credential. */
  readonly addedSan?: { readonly credential: CredentialId; readonly name: string };
}

function credentialByCert(t: Topology, file: string): Credential {
  const found = t.credentials.filter((c) => c.files?.cert === file);
  if (found.length !== 1) throw new Error(`${found.length} credentials with cert ${file}`);
  return found[0]!;
}

function componentNamed(design: Design, name: string) {
  const c = topologyOf(design).components.find((x) => x.name === name);
  if (!c) throw new Error(`no component ${name}`);
  return c;
}

/**
 * kubeadm with a worker and a control-plane node added, a new CA that signs every control-plane
 * node's etcd serving cert, metrics-api (server, on the new worker) and ingress-controller
 * (client) connected, and api.example.com added to the init node's apiserver cert.
 */
function editedKubeadm(algorithm: KeyAlgorithm): EditedCase {
  let d: Design = { presetId: 'kubeadm', params: { ...PRESET_DEFAULTS.kubeadm, keyAlgorithm: algorithm }, edits: NO_EDITS };
  const workersBefore = new Set(d.params.workers.map((w) => w.name));
  d = addWorker(d);
  d = addControlPlane(d);
  d = addCa(d);
  const newCa = d.edits.cas.at(-1)!.id;
  const t0 = topologyOf(d);
  const oldCa = t0.cas.find((ca) => ca.certFile === 'pki/etcd/ca.crt')!.id;
  const etcdServers = t0.credentials.filter((c) => c.files?.cert.endsWith('pki/etcd/server.crt')).map((c) => c.id);
  if (etcdServers.length !== t0.hosts.filter((h) => h.role === 'control-plane').length) throw new Error('one etcd server cert per control-plane node expected');
  for (const id of etcdServers) d = moveCredentialToCa(id, newCa)(d);
  const worker = topologyOf(d).hosts.find((h) => h.role === 'worker' && !workersBefore.has(h.name))!;
  d = addCustomComponent('server', 'metrics-api', worker.id)(d);
  d = addCustomComponent('client', 'ingress-controller', worker.id)(d);
  d = connect(componentNamed(d, 'ingress-controller').id, componentNamed(d, 'metrics-api').id)(d);
  const api = credentialByCert(topologyOf(d), 'pki/apiserver.crt');
  d = updateCredential(api.id, { dnsNames: [...api.dnsNames, 'api.example.com'] })(d);
  return {
    label: `edited kubeadm ${algorithm}`, design: d, topology: topologyOf(d),
    movedEtcd: { credentials: etcdServers, oldCa, newCa }, addedSan: { credential: api.id, name: 'api.example.com' },
  };
}

/** The course preset with its separate etcd CA and a worker added. */
function editedCourse(algorithm: KeyAlgorithm): EditedCase {
  const d = addWorker({ presetId: 'course', params: { ...PRESET_DEFAULTS.course, separateEtcdCa: true, keyAlgorithm: algorithm }, edits: NO_EDITS });
  return { label: `edited course (separate etcd CA, worker added) ${algorithm}`, design: d, topology: topologyOf(d) };
}

/**
 * kubeadm with the API server's serving cert moved to a new CA: every client that dials the API
 * server, kubeconfig users included, must now verify it against that CA.
 */
function kubeadmApiServingMoved(algorithm: KeyAlgorithm): EditedCase {
  let d: Design = addCa({ presetId: 'kubeadm', params: { ...PRESET_DEFAULTS.kubeadm, keyAlgorithm: algorithm }, edits: NO_EDITS });
  const newCa = d.edits.cas.at(-1)!.id;
  d = moveCredentialToCa(credentialByCert(topologyOf(d), 'pki/apiserver.crt').id, newCa)(d);
  return { label: `kubeadm, API serving cert moved to a new CA ${algorithm}`, design: d, topology: topologyOf(d) };
}

const CASES: EditedCase[] = [
  editedKubeadm('ECDSA-P256'),
  editedKubeadm('RSA-2048'),
  editedCourse('ECDSA-P256'),
  kubeadmApiServingMoved('ECDSA-P256'),
];

// Keys of all bundles are generated concurrently (WebCrypto runs on libuv's thread pool).
const pending = new Map<string, Promise<BundleOnDisk>>();
function bundleFor(c: EditedCase): Promise<BundleOnDisk> {
  let bundle = pending.get(c.label);
  if (!bundle) {
    bundle = writeBundle(c.topology);
    bundle.catch(() => undefined); // reported by the case's own beforeAll
    pending.set(c.label, bundle);
  }
  return bundle;
}

const HANDSHAKE_TIMEOUT_MS = 8_000;
const FOREIGN_CA_ERRORS = [
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
];

let scratch: TempDir;
/** A self-signed cert no bundle CA signed: the kubelet's / metrics-server's throw-away serving cert. */
let throwawayServer: { cert: string; key: string };

beforeAll(() => {
  for (const c of CASES) void bundleFor(c);
  scratch = makeTempDir('k8s-tls-edited-scratch-');
  const cert = scratch.path('throwaway.crt');
  const key = scratch.path('throwaway.key');
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=throwaway', '-days', '1', '-keyout', key, '-out', cert]);
  throwawayServer = { cert, key };
}, 60_000);

afterAll(async () => {
  scratch?.cleanup();
  for (const bundle of pending.values()) (await bundle.catch(() => null))?.cleanup();
});

function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

function commonNameOf(subject: Credential['subject']): string | undefined {
  return subject.find((a) => a.type === 'CN')?.value;
}

// ---------------------------------------------------------------------------------------------
// kubeconfig helpers

interface KubeconfigDoc {
  clusters?: Array<{ name?: string; cluster?: { server?: string; 'certificate-authority-data'?: string } }>;
  users?: Array<{ name?: string; user?: { 'client-certificate-data'?: string; 'client-key-data'?: string } }>;
}

interface Embedded {
  readonly server: string | undefined;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** Decodes a kubeconfig's embedded CA, cert and key (base64 via Buffer) to files. */
function extractKubeconfig(bundle: BundleOnDisk, file: string): Embedded {
  const doc = parse(read(bundle.path(file))) as KubeconfigDoc;
  const decode = (b64: string | undefined, what: string) => {
    if (typeof b64 !== 'string' || b64.length === 0) throw new Error(`${file}: no ${what}`);
    return Buffer.from(b64, 'base64');
  };
  const dir = `embedded/${file}`;
  return {
    server: doc.clusters?.[0]?.cluster?.server,
    caFile: bundle.write(`${dir}/ca.crt`, decode(doc.clusters?.[0]?.cluster?.['certificate-authority-data'], 'certificate-authority-data')),
    certFile: bundle.write(`${dir}/client.crt`, decode(doc.users?.[0]?.user?.['client-certificate-data'], 'client-certificate-data')),
    keyFile: bundle.write(`${dir}/client.key`, decode(doc.users?.[0]?.user?.['client-key-data'], 'client-key-data')),
  };
}

// ---------------------------------------------------------------------------------------------
// TLS handshake helper

interface HandshakeOptions {
  readonly server: {
    readonly cert: string;
    readonly key: string;
    readonly ca?: string;
    /** Node rejects an unverified (or missing) client cert during the handshake. */
    readonly rejectUnauthorized: boolean;
    /** Like Go's VerifyClientCertIfGiven: a presented but unverified client cert is refused. */
    readonly verifyIfGiven: boolean;
  };
  readonly client: {
    readonly cert?: string;
    readonly key?: string;
    readonly ca?: string;
    readonly rejectUnauthorized: boolean;
    /** The host name or IP the real client dials; the server cert must cover it. */
    readonly address: string;
  };
}

interface HandshakeResult {
  readonly ok: boolean;
  readonly error?: string;
  /** What the client saw. */
  readonly client: { secureConnect: boolean; authorized?: boolean; error?: string };
  /** What the server saw; undefined fields when its 'secureConnection' never fired. */
  readonly server: ServerView;
}

interface ServerView {
  secure: boolean;
  authorized?: boolean;
  /** Why the client cert did not verify (OpenSSL's code), when it did not. */
  authorizationError?: string;
  peerCn?: string;
  presented?: boolean;
  error?: string;
}

function errorText(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(': ') || String(err);
}

/**
 * One TLS connection between a node:tls server and client on 127.0.0.1. It is ok only when the
 * client completed the handshake and then received the server's "ok", which the server sends
 * after it has accepted the client (TLS 1.3 rejects client certs after the client's Finished).
 */
async function handshake(opts: HandshakeOptions): Promise<HandshakeResult> {
  const client: { secureConnect: boolean; authorized?: boolean; error?: string } = { secureConnect: false };
  const server: ServerView = { secure: false };
  const sockets = new Set<net.Socket>();
  const srv = tls.createServer({
    cert: read(opts.server.cert),
    key: read(opts.server.key),
    ...(opts.server.ca ? { ca: read(opts.server.ca) } : {}),
    requestCert: true,
    rejectUnauthorized: opts.server.rejectUnauthorized,
  });
  srv.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  let serverSettled: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => {
    serverSettled = resolve;
  });
  srv.on('tlsClientError', (err) => {
    server.error ??= errorText(err);
    serverSettled();
  });
  srv.on('secureConnection', (socket: tls.TLSSocket) => {
    const peer = socket.getPeerCertificate();
    server.secure = true;
    server.authorized = socket.authorized;
    if (socket.authorizationError) server.authorizationError = String(socket.authorizationError);
    server.presented = peer !== null && Object.keys(peer).length > 0;
    const cn = peer?.subject?.CN;
    server.peerCn = Array.isArray(cn) ? cn.join(',') : cn;
    serverSettled();
    socket.on('error', (err) => {
      server.error ??= errorText(err);
    });
    if (opts.server.verifyIfGiven && server.presented && !socket.authorized) {
      server.error ??= `client cert refused: ${server.authorizationError}`;
      socket.destroy();
      return;
    }
    socket.end('ok\n');
  });
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = srv.address() as net.AddressInfo;
  try {
    const received = await new Promise<string>((resolve) => {
      const isDnsName = net.isIP(opts.client.address) === 0;
      const socket = tls.connect({
        host: '127.0.0.1',
        port,
        ...(isDnsName ? { servername: opts.client.address } : {}),
        ...(opts.client.cert && opts.client.key ? { cert: read(opts.client.cert), key: read(opts.client.key) } : {}),
        ...(opts.client.ca ? { ca: read(opts.client.ca) } : {}),
        rejectUnauthorized: opts.client.rejectUnauthorized,
        // The real client dials the address, not 127.0.0.1: check the cert against that.
        checkServerIdentity: (_host, cert) => tls.checkServerIdentity(opts.client.address, cert),
      });
      let data = '';
      const timer = setTimeout(() => {
        client.error ??= `timeout after ${HANDSHAKE_TIMEOUT_MS} ms`;
        socket.destroy();
      }, HANDSHAKE_TIMEOUT_MS);
      socket.setEncoding('utf8');
      socket.on('secureConnect', () => {
        client.secureConnect = true;
        client.authorized = socket.authorized;
      });
      socket.on('data', (chunk: string) => {
        data += chunk;
      });
      socket.on('error', (err) => {
        client.error ??= errorText(err);
      });
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(data);
      });
    });
    // Let the server's side of a failed handshake (tlsClientError) arrive before reporting.
    await Promise.race([settled, new Promise((r) => setTimeout(r, 500))]);
    const ok = client.secureConnect && received === 'ok\n' && !client.error;
    const error = ok ? undefined : [client.error && `client: ${client.error}`, server.error && `server: ${server.error}`]
      .filter(Boolean).join('; ') || `no "ok" from the server (got ${JSON.stringify(received)})`;
    return { ok, ...(error ? { error } : {}), client, server };
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => srv.close(() => resolve()));
  }
}

// ---------------------------------------------------------------------------------------------

describe.each(CASES.map((c) => [c.label, c] as const))('%s', (_label, testCase) => {
  const { topology, design } = testCase;
  let bundle: BundleOnDisk;
  const caById = new Map<CaId, CertificateAuthority>(topology.cas.map((ca) => [ca.id, ca]));
  const credById = new Map<CredentialId, Credential>(topology.credentials.map((c) => [c.id, c]));

  const caFile = (id: CaId): string => {
    const ca = caById.get(id);
    if (!ca) throw new Error(`CA ${id} is not in the design`);
    return bundle.path(ca.certFile);
  };
  const embeddedCache = new Map<string, Embedded>();
  const embedded = (cred: Credential): Embedded => {
    const file = cred.kubeconfig?.file;
    if (!file) throw new Error(`${cred.label} has no kubeconfig`);
    let e = embeddedCache.get(file);
    if (!e) {
      e = extractKubeconfig(bundle, file);
      embeddedCache.set(file, e);
    }
    return e;
  };
  /** Where the credential's cert and key can be read: its files, else its kubeconfig. */
  const pairOf = (cred: Credential): { cert: string; key: string } => cred.files
    ? { cert: bundle.path(cred.files.cert), key: bundle.path(cred.files.key) }
    : { cert: embedded(cred).certFile, key: embedded(cred).keyFile };
  const credential = (id: CredentialId): Credential => {
    const cred = credById.get(id);
    if (!cred) throw new Error(`credential ${id} is not in the design`);
    return cred;
  };

  beforeAll(async () => {
    bundle = await bundleFor(testCase);
  }, 120_000);

  it('keeps every edit in the derived topology (the scenario under test really is edited)', () => {
    const preset = topologyOf({ ...design, edits: NO_EDITS, params: PRESET_DEFAULTS[design.presetId] });
    expect(topology.credentials.length + topology.cas.length).toBeGreaterThan(preset.credentials.length + preset.cas.length);
    if (testCase.movedEtcd) {
      const { credentials, newCa, oldCa } = testCase.movedEtcd;
      expect(credentials.length).toBeGreaterThanOrEqual(2);
      for (const id of credentials) expect(credential(id).caId).toBe(newCa);
      const dialling = topology.connections.filter((c) => c.serverCredentialId !== null && credentials.includes(c.serverCredentialId));
      expect(dialling.length).toBeGreaterThanOrEqual(2 * credentials.length);
      for (const c of dialling) expect(c.clientTrustsCaId, c.id).toBe(newCa);
      expect(topology.credentials.filter((c) => c.caId === oldCa).length).toBeGreaterThan(0);
    }
  });

  it('writes every file the design names, each path once', () => {
    const expected = new Set<string>(['README.txt']);
    for (const ca of topology.cas) expected.add(ca.certFile).add(ca.keyFile);
    for (const c of topology.credentials) {
      if (c.files) expected.add(c.files.cert).add(c.files.key);
      if (c.kubeconfig) expected.add(c.kubeconfig.file);
    }
    for (const kp of topology.keyPairs) expected.add(kp.privateFile).add(kp.publicFile);
    const paths = bundle.files.map((f) => f.path);
    expect(new Set(paths).size, 'duplicate paths').toBe(paths.length);
    expect([...paths].sort()).toEqual([...expected].sort());
  });

  describe('openssl', () => {
    const leaves = topology.credentials.map((c) => [c.files?.cert ?? c.kubeconfig?.file ?? c.id, c] as const);

    it.each(leaves)('%s verifies against its own CA and no other', (_f, cred) => {
      const { cert } = pairOf(cred);
      const own = opensslResult(['verify', '-CAfile', caFile(cred.caId), cert]);
      expect(own.ok, own.output).toBe(true);
      expect(own.output).toContain(': OK');
      for (const other of topology.cas.filter((ca) => ca.id !== cred.caId)) {
        const foreign = opensslResult(['verify', '-CAfile', bundle.path(other.certFile), cert]);
        expect(foreign.ok, `${cred.label} also verifies against ${other.certFile}`).toBe(false);
      }
    });

    it.each(leaves)('%s: the key matches the certificate', (_f, cred) => {
      const { cert, key } = pairOf(cred);
      expect(openssl(['pkey', '-in', key, '-pubout']), `${key} is not the key of ${cert}`).toBe(openssl(['x509', '-in', cert, '-noout', '-pubkey']));
    });

    it.each(topology.cas.map((ca) => [ca.certFile, ca] as const))('CA %s: self-signed, its key matches', (_f, ca) => {
      const r = opensslResult(['verify', '-CAfile', bundle.path(ca.certFile), bundle.path(ca.certFile)]);
      expect(r.ok, r.output).toBe(true);
      expect(openssl(['pkey', '-in', bundle.path(ca.keyFile), '-pubout'])).toBe(openssl(['x509', '-in', bundle.path(ca.certFile), '-noout', '-pubkey']));
    });

    if (testCase.movedEtcd) {
      const { credentials, oldCa } = testCase.movedEtcd;
      it.each(credentials.map((id) => [id, id] as const))('moved %s no longer verifies against the old etcd CA', (_n, id) => {
        const r = opensslResult(['verify', '-CAfile', caFile(oldCa), pairOf(credential(id)).cert]);
        expect(r.ok, r.output).toBe(false);
        expect(r.output).toMatch(/unable to get local issuer certificate/);
      });
    }

    if (testCase.addedSan) {
      const { credential: id, name } = testCase.addedSan;
      it(`the hand-added DNS SAN ${name} is in the certificate`, () => {
        const ext = openssl(['x509', '-in', pairOf(credential(id)).cert, '-noout', '-ext', 'subjectAltName']);
        expect(ext).toContain(`DNS:${name}`);
        for (const dns of credential(id).dnsNames) expect(ext).toContain(`DNS:${dns}`);
      });
    }

    // A kubeconfig user verifies the server with the CA embedded in the kubeconfig, not a file.
    const kubeconfigDials = topology.connections.flatMap((conn) => {
      const cred = conn.clientCredentialId ? credById.get(conn.clientCredentialId) : undefined;
      if (!cred?.kubeconfig || conn.serverCredentialId === null || conn.clientTrustsCaId === null) return [];
      const url = new URL(cred.kubeconfig.server);
      const dials = url.hostname.replace(/^\[|\]$/g, '') === conn.address && (Number(url.port) || 443) === conn.port;
      return dials ? [[`${cred.kubeconfig.file} -> ${conn.label} [${conn.id}]`, conn, cred] as const] : [];
    });
    it.each(kubeconfigDials)('%s: the embedded CA verifies the server it points at', (_n, conn, cred) => {
      const e = embedded(cred);
      expect(e.server).toBe(cred.kubeconfig!.server);
      const serverCert = pairOf(credential(conn.serverCredentialId!)).cert;
      const r = opensslResult(['verify', '-CAfile', e.caFile, serverCert]);
      expect(r.ok, `${cred.kubeconfig!.file}'s certificate-authority-data does not verify ${serverCert}: ${r.output}`).toBe(true);
      expect(read(e.caFile).trim()).toBe(read(caFile(conn.clientTrustsCaId!)).trim());
    });
  });

  describe('TLS handshakes: node:tls on 127.0.0.1', () => {
    const optionsFor = (conn: TlsConnection): HandshakeOptions => {
      const serverCred = conn.serverCredentialId ? credential(conn.serverCredentialId) : null;
      const clientCred = conn.clientCredentialId ? credential(conn.clientCredentialId) : null;
      return {
        server: {
          ...(serverCred ? pairOf(serverCred) : throwawayServer),
          ...(conn.serverTrustsCaId ? { ca: caFile(conn.serverTrustsCaId) } : {}),
          // A token client sends no cert; the apiserver (Go VerifyClientCertIfGiven) still accepts it.
          rejectUnauthorized: conn.serverTrustsCaId !== null && clientCred !== null,
          verifyIfGiven: conn.serverTrustsCaId !== null,
        },
        client: {
          ...(clientCred ? pairOf(clientCred) : {}),
          ...(conn.clientTrustsCaId ? { ca: caFile(conn.clientTrustsCaId) } : {}),
          rejectUnauthorized: conn.clientTrustsCaId !== null,
          address: conn.address,
        },
      };
    };
    const name = (c: TlsConnection) => `${c.label} [${c.id}] via ${c.address}:${c.port}`;

    it.each(topology.connections.map((c) => [name(c), c] as const))('%s succeeds', async (_n, conn) => {
      const r = await handshake(optionsFor(conn));
      expect(r.ok, r.error).toBe(true);
      if (conn.clientTrustsCaId !== null) expect(r.client.authorized, 'client did not authorize the server').toBe(true);
      const clientCred = conn.clientCredentialId ? credential(conn.clientCredentialId) : null;
      if (clientCred) {
        expect(r.server.presented, 'client presented no cert').toBe(true);
        expect(r.server.peerCn).toBe(commonNameOf(clientCred.subject));
        if (conn.serverTrustsCaId !== null) expect(r.server.authorized, 'server did not authorize the client cert').toBe(true);
      }
    });

    if (design.presetId === 'kubeadm' && testCase.addedSan) {
      const { credential: id, name: san } = testCase.addedSan;
      it(`a client dialling ${san} verifies the edited apiserver cert, and fails for a name it does not cover`, async () => {
        const api = topology.connections.find((c) => c.serverCredentialId === id && c.clientTrustsCaId !== null && c.clientCredentialId !== null)!;
        const opts = optionsFor(api);
        const ok = await handshake({ ...opts, client: { ...opts.client, address: san } });
        expect(ok.ok, ok.error).toBe(true);
        const bad = await handshake({ ...opts, client: { ...opts.client, address: 'api.example.org' } });
        expect(bad.ok).toBe(false);
        expect(bad.error).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID/);
      });
    }

    if (testCase.movedEtcd) {
      const { credentials, oldCa, newCa } = testCase.movedEtcd;
      const repointed = topology.connections.filter((c) => c.serverCredentialId !== null && credentials.includes(c.serverCredentialId));
      it.each(repointed.map((c) => [name(c), c] as const))('%s fails when its client still trusts the old etcd CA', async (_n, conn) => {
        expect(conn.clientTrustsCaId).toBe(newCa);
        const stale = topologyOf(updateConnection(conn.id, { clientTrustsCaId: oldCa })(design));
        const staleConn = stale.connections.find((c) => c.id === conn.id)!;
        expect(staleConn.clientTrustsCaId).toBe(oldCa);
        // Only the trust changed: same credentials, so the generated files still apply.
        expect({ ...staleConn, clientTrustsCaId: newCa }).toEqual(conn);
        const r = await handshake(optionsFor(staleConn));
        expect(r.ok, 'handshake succeeded although the client trusts the CA the server cert was moved away from').toBe(false);
        const code = /^client: ([A-Z_]+)/.exec(r.error ?? '')?.[1] ?? '';
        expect(FOREIGN_CA_ERRORS, `client error: ${r.error}`).toContain(code);
      });
    }
  });
});
