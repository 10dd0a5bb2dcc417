// Acceptance: generation after edits still yields a bundle that passes the openssl and
// mutual-TLS checks. Edited designs (workers and control-plane nodes added, a CA added and
// etcd's serving certs moved to it, custom components connected, SANs edited) are generated,
// written to disk, and checked with tools that share no code with the generator: the openssl
// binary for chains and key pairs, node:tls for a real mutual-TLS handshake per connection.
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
import type { CaId, Credential, CredentialId, TlsConnection, Topology } from '../topology/model';
import { PRESET_DEFAULTS } from '../topology/presets';
import {
  bundleCache,
  makeTempDir,
  openssl,
  opensslResult,
  read,
  type BundleOnDisk,
  type TempDir,
  expectDesignFiles,
} from './testing/bundleOnDisk';
import {
  caFile,
  commonNameOf,
  connectionHandshake,
  embeddedKubeconfig,
  FOREIGN_CA_ERRORS,
  handshake,
  pairOf,
  serverUrlDials,
  throwawayServerCert,
  type CertAndKey,
  type HandshakeOptions,
} from './testing/handshake';

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
  let d: Design = {
    presetId: 'kubeadm',
    params: { ...PRESET_DEFAULTS.kubeadm, keyAlgorithm: algorithm },
    edits: NO_EDITS,
  };
  const workersBefore = new Set(d.params.workers.map((w) => w.name));
  d = addWorker(d);
  d = addControlPlane(d);
  d = addCa(d);
  const newCa = d.edits.cas.at(-1)!.id;
  const t0 = topologyOf(d);
  const oldCa = t0.cas.find((ca) => ca.certFile === 'pki/etcd/ca.crt')!.id;
  const etcdServers = t0.credentials.filter((c) => c.files?.cert.endsWith('pki/etcd/server.crt')).map((c) => c.id);
  if (etcdServers.length !== t0.hosts.filter((h) => h.role === 'control-plane').length)
    throw new Error('one etcd server cert per control-plane node expected');
  for (const id of etcdServers) d = moveCredentialToCa(id, newCa)(d);
  const worker = topologyOf(d).hosts.find((h) => h.role === 'worker' && !workersBefore.has(h.name))!;
  d = addCustomComponent('server', 'metrics-api', worker.id)(d);
  d = addCustomComponent('client', 'ingress-controller', worker.id)(d);
  d = connect(componentNamed(d, 'ingress-controller').id, componentNamed(d, 'metrics-api').id)(d);
  const api = credentialByCert(topologyOf(d), 'pki/apiserver.crt');
  d = updateCredential(api.id, { dnsNames: [...api.dnsNames, 'api.example.com'] })(d);
  return {
    label: `edited kubeadm ${algorithm}`,
    design: d,
    topology: topologyOf(d),
    movedEtcd: { credentials: etcdServers, oldCa, newCa },
    addedSan: { credential: api.id, name: 'api.example.com' },
  };
}

/** The course preset with its separate etcd CA and a worker added. */
function editedCourse(algorithm: KeyAlgorithm): EditedCase {
  const d = addWorker({
    presetId: 'course',
    params: { ...PRESET_DEFAULTS.course, separateEtcdCa: true, keyAlgorithm: algorithm },
    edits: NO_EDITS,
  });
  return { label: `edited course (separate etcd CA, worker added) ${algorithm}`, design: d, topology: topologyOf(d) };
}

/**
 * kubeadm with the API server's serving cert moved to a new CA: every client that dials the API
 * server, kubeconfig users included, must now verify it against that CA.
 */
function kubeadmApiServingMoved(algorithm: KeyAlgorithm): EditedCase {
  let d: Design = addCa({
    presetId: 'kubeadm',
    params: { ...PRESET_DEFAULTS.kubeadm, keyAlgorithm: algorithm },
    edits: NO_EDITS,
  });
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
const bundles = bundleCache();
const bundleFor = (c: EditedCase): Promise<BundleOnDisk> => bundles.get(c.label, c.topology);

let scratch: TempDir;
/** A self-signed cert no bundle CA signed: the kubelet's / metrics-server's throw-away serving cert. */
let throwawayServer: CertAndKey;

beforeAll(() => {
  for (const c of CASES) void bundleFor(c);
  scratch = makeTempDir('k8s-tls-edited-scratch-');
  throwawayServer = throwawayServerCert(scratch, 'ec:P-256');
});

afterAll(async () => {
  scratch?.cleanup();
  await bundles.cleanup();
});

// ---------------------------------------------------------------------------------------------

describe.each(CASES.map((c) => [c.label, c] as const))('%s', (_label, testCase) => {
  const { topology, design } = testCase;
  let bundle: BundleOnDisk;
  const credById = new Map<CredentialId, Credential>(topology.credentials.map((c) => [c.id, c]));

  const credential = (id: CredentialId): Credential => {
    const cred = credById.get(id);
    if (!cred) throw new Error(`credential ${id} is not in the design`);
    return cred;
  };

  beforeAll(async () => {
    bundle = await bundleFor(testCase);
  });

  it('keeps every edit in the derived topology (the scenario under test really is edited)', () => {
    const preset = topologyOf({ ...design, edits: NO_EDITS, params: PRESET_DEFAULTS[design.presetId] });
    expect(topology.credentials.length + topology.cas.length).toBeGreaterThan(
      preset.credentials.length + preset.cas.length,
    );
    if (testCase.movedEtcd) {
      const { credentials, newCa, oldCa } = testCase.movedEtcd;
      expect(credentials.length).toBeGreaterThanOrEqual(2);
      for (const id of credentials) expect(credential(id).caId).toBe(newCa);
      const dialling = topology.connections.filter(
        (c) => c.serverCredentialId !== null && credentials.includes(c.serverCredentialId),
      );
      expect(dialling.length).toBeGreaterThanOrEqual(2 * credentials.length);
      for (const c of dialling) expect(c.clientTrustsCaId, c.id).toBe(newCa);
      expect(topology.credentials.filter((c) => c.caId === oldCa).length).toBeGreaterThan(0);
    }
  });

  it('writes every file the design names, each path once', () => {
    expectDesignFiles(topology, bundle.files);
  });

  describe('openssl', () => {
    const leaves = topology.credentials.map((c) => [c.files?.cert ?? c.kubeconfig?.file ?? c.id, c] as const);

    it.each(leaves)('%s verifies against its own CA and no other', (_f, cred) => {
      const { cert } = pairOf(bundle, cred);
      const own = opensslResult(['verify', '-CAfile', caFile(bundle, cred.caId), cert]);
      expect(own.ok, own.output).toBe(true);
      expect(own.output).toContain(': OK');
      for (const other of topology.cas.filter((ca) => ca.id !== cred.caId)) {
        const foreign = opensslResult(['verify', '-CAfile', bundle.path(other.certFile), cert]);
        expect(foreign.ok, `${cred.label} also verifies against ${other.certFile}`).toBe(false);
      }
    });

    it.each(leaves)('%s: the key matches the certificate', (_f, cred) => {
      const { cert, key } = pairOf(bundle, cred);
      expect(openssl(['pkey', '-in', key, '-pubout']), `${key} is not the key of ${cert}`).toBe(
        openssl(['x509', '-in', cert, '-noout', '-pubkey']),
      );
    });

    it.each(topology.cas.map((ca) => [ca.certFile, ca] as const))('CA %s: self-signed, its key matches', (_f, ca) => {
      const r = opensslResult(['verify', '-CAfile', bundle.path(ca.certFile), bundle.path(ca.certFile)]);
      expect(r.ok, r.output).toBe(true);
      expect(openssl(['pkey', '-in', bundle.path(ca.keyFile), '-pubout'])).toBe(
        openssl(['x509', '-in', bundle.path(ca.certFile), '-noout', '-pubkey']),
      );
    });

    if (testCase.movedEtcd) {
      const { credentials, oldCa } = testCase.movedEtcd;
      it.each(credentials.map((id) => [id, id] as const))(
        'moved %s no longer verifies against the old etcd CA',
        (_n, id) => {
          const r = opensslResult(['verify', '-CAfile', caFile(bundle, oldCa), pairOf(bundle, credential(id)).cert]);
          expect(r.ok, r.output).toBe(false);
          expect(r.output).toMatch(/unable to get local issuer certificate/);
        },
      );
    }

    if (testCase.addedSan) {
      const { credential: id, name } = testCase.addedSan;
      it(`the hand-added DNS SAN ${name} is in the certificate`, () => {
        const ext = openssl(['x509', '-in', pairOf(bundle, credential(id)).cert, '-noout', '-ext', 'subjectAltName']);
        expect(ext).toContain(`DNS:${name}`);
        for (const dns of credential(id).dnsNames) expect(ext).toContain(`DNS:${dns}`);
      });
    }

    // A kubeconfig user verifies the server with the CA embedded in the kubeconfig, not a file.
    const kubeconfigDials = topology.connections.flatMap((conn) => {
      const cred = conn.clientCredentialId ? credById.get(conn.clientCredentialId) : undefined;
      if (!cred?.kubeconfig || conn.serverCredentialId === null || conn.clientTrustsCaId === null) return [];
      return serverUrlDials(cred.kubeconfig.server, conn)
        ? [[`${cred.kubeconfig.file} -> ${conn.label} [${conn.id}]`, conn, cred] as const]
        : [];
    });
    it.each(kubeconfigDials)('%s: the embedded CA verifies the server it points at', (_n, conn, cred) => {
      const e = embeddedKubeconfig(bundle, cred);
      expect(e.server).toBe(cred.kubeconfig!.server);
      const serverCert = pairOf(bundle, credential(conn.serverCredentialId!)).cert;
      const r = opensslResult(['verify', '-CAfile', e.caFile, serverCert]);
      expect(
        r.ok,
        `${cred.kubeconfig!.file}'s certificate-authority-data does not verify ${serverCert}: ${r.output}`,
      ).toBe(true);
      expect(read(e.caFile).trim()).toBe(read(caFile(bundle, conn.clientTrustsCaId!)).trim());
    });
  });

  describe('TLS handshakes: node:tls on 127.0.0.1', () => {
    const optionsFor = (conn: TlsConnection): HandshakeOptions =>
      connectionHandshake(bundle, conn, { server: 'node', kubeconfig: 'never', throwawayServer });
    const name = (c: TlsConnection) => `${c.label} [${c.id}] via ${c.address}:${c.port}`;

    it.each(topology.connections.map((c) => [name(c), c] as const))('%s succeeds', async (_n, conn) => {
      const r = await handshake(optionsFor(conn));
      expect(r.ok, r.error).toBe(true);
      if (conn.clientTrustsCaId !== null) expect(r.client.authorized, 'client did not authorize the server').toBe(true);
      const clientCred = conn.clientCredentialId ? credential(conn.clientCredentialId) : null;
      if (clientCred) {
        expect(r.server.presented, 'client presented no cert').toBe(true);
        expect(r.server.peerCn).toBe(commonNameOf(clientCred.subject));
        if (conn.serverTrustsCaId !== null)
          expect(r.server.authorized, 'server did not authorize the client cert').toBe(true);
      }
    });

    if (design.presetId === 'kubeadm' && testCase.addedSan) {
      const { credential: id, name: san } = testCase.addedSan;
      it(`a client dialling ${san} verifies the edited apiserver cert, and fails for a name it does not cover`, async () => {
        const api = topology.connections.find(
          (c) => c.serverCredentialId === id && c.clientTrustsCaId !== null && c.clientCredentialId !== null,
        )!;
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
      const repointed = topology.connections.filter(
        (c) => c.serverCredentialId !== null && credentials.includes(c.serverCredentialId),
      );
      it.each(repointed.map((c) => [name(c), c] as const))(
        '%s fails when its client still trusts the old etcd CA',
        async (_n, conn) => {
          expect(conn.clientTrustsCaId).toBe(newCa);
          const stale = topologyOf(updateConnection(conn.id, { clientTrustsCaId: oldCa })(design));
          const staleConn = stale.connections.find((c) => c.id === conn.id)!;
          expect(staleConn.clientTrustsCaId).toBe(oldCa);
          // Only the trust changed: same credentials, so the generated files still apply.
          expect({ ...staleConn, clientTrustsCaId: newCa }).toEqual(conn);
          const r = await handshake(optionsFor(staleConn));
          expect(
            r.ok,
            'handshake succeeded although the client trusts the CA the server cert was moved away from',
          ).toBe(false);
          const code = /^client: ([A-Z_]+)/.exec(r.error ?? '')?.[1] ?? '';
          expect(FOREIGN_CA_ERRORS, `client error: ${r.error}`).toContain(code);
        },
      );
    }
  });
});
