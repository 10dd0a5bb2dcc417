// Verifies generated bundles with tools that share no code with the generator: the openssl
// binary for chains, keys and extensions, and node:tls (OpenSSL inside Node) for real
// mutual-TLS handshakes over 127.0.0.1 for every connection of the design.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_ALGORITHMS, type KeyAlgorithm } from '../pki/keyAlgorithm';
import type { CaId, CertificateAuthority, Credential, TlsConnection, Topology } from '../topology/model';
import { PRESET_IDS, type PresetId, type PresetParams } from '../topology/presetParams';
import { buildPreset, PRESET_DEFAULTS } from '../topology/presets';
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
  commonNameOf,
  connectionHandshake,
  dialsKubeconfigServer,
  embeddedKubeconfig,
  FOREIGN_CA_ERRORS,
  foreignCaCert,
  handshake,
  pairOf,
  throwawayServerCert,
  type CertAndKey,
  type ConnectionHandshakeOptions,
  type HandshakeOptions,
} from './testing/handshake';

interface Case {
  readonly label: string;
  readonly algorithm: KeyAlgorithm;
  readonly topology: Topology;
}

function presetCase(
  id: PresetId,
  algorithm: KeyAlgorithm,
  variant?: { name: string; params: Partial<PresetParams> },
): Case {
  const params: PresetParams = { ...PRESET_DEFAULTS[id], ...variant?.params, keyAlgorithm: algorithm };
  return {
    label: `${id}${variant ? ` (${variant.name})` : ''} ${algorithm}`,
    algorithm,
    topology: buildPreset(id, params),
  };
}

const CASES: Case[] = [
  ...PRESET_IDS.flatMap((id) => KEY_ALGORITHMS.map((alg) => presetCase(id, alg))),
  // Variants that change who signs what and who presents which pair (cheap with P-256).
  presetCase('course', 'ECDSA-P256', { name: 'separate etcd CA', params: { separateEtcdCa: true } }),
  presetCase('course', 'ECDSA-P256', {
    name: 'apiserver reuses its serving pair',
    params: { apiserverReusesServingPair: true },
  }),
  presetCase('course', 'ECDSA-P256', {
    name: 'separate etcd CA + reused serving pair',
    params: { separateEtcdCa: true, apiserverReusesServingPair: true },
  }),
  presetCase('hardway', 'ECDSA-P256', { name: 'IP endpoint', params: { controlPlaneEndpoint: '10.240.0.10:6443' } }),
  presetCase('kubeadm', 'ECDSA-P256', {
    name: 'HA: 3 control planes, LB endpoint, extra SANs',
    params: {
      controlPlane: [
        { name: 'cp1', ip: '10.0.0.11' },
        { name: 'cp2', ip: '10.0.0.12' },
        { name: 'cp3', ip: '10.0.0.13' },
      ],
      controlPlaneEndpoint: 'lb.example.com:6443',
      extraSans: ['10.0.0.100', 'api.example.com'],
    },
  }),
];

// Every bundle's keys are generated concurrently: WebCrypto key generation runs on libuv's
// thread pool, so both cores work while the cheap (P-256) cases are already being checked.
const bundles = bundleCache();
const bundleFor = (c: Case): Promise<BundleOnDisk> => bundles.get(c.label, c.topology);

let scratch: TempDir;
/** A self-signed cert no bundle CA signed: the kubelet's / metrics-server's throw-away serving cert. */
let throwawayServer: CertAndKey;
/** A CA that signed nothing of any bundle. */
let foreignCa: string;

beforeAll(() => {
  for (const c of CASES) void bundleFor(c);
  scratch = makeTempDir('k8s-tls-scratch-');
  throwawayServer = throwawayServerCert(scratch, 'rsa:2048');
  foreignCa = foreignCaCert(scratch, 'rsa:2048');
});

afterAll(async () => {
  scratch?.cleanup();
  await bundles.cleanup();
});

// ---------------------------------------------------------------------------------------------
// openssl helpers

/** Subject attributes as openssl prints them (RFC 2253), e.g. { CN: ['admin'], O: ['system:masters'] }. */
function certSubject(certFile: string): Record<string, string[]> {
  const line = openssl(['x509', '-in', certFile, '-noout', '-subject', '-nameopt', 'RFC2253'])
    .trim()
    .replace(/^subject=/, '');
  const out: Record<string, string[]> = {};
  for (const part of line.split(/(?<!\\),/)) {
    const eq = part.indexOf('=');
    const type = part.slice(0, eq);
    (out[type] ??= []).push(part.slice(eq + 1));
  }
  return out;
}

function hexAfter(text: string, header: string): string | undefined {
  const m = new RegExp(`${header}:[^\\n]*\\n\\s*(?:keyid:)?([0-9A-F]{2}(?::[0-9A-F]{2})+)`).exec(text);
  return m?.[1];
}

function extensionBlock(text: string, header: string): string | undefined {
  const m = new RegExp(`X509v3 ${header}:[^\\n]*\\n\\s*([^\\n]*)`).exec(text);
  return m?.[1];
}

function expectKeyMatchesCert(keyFile: string, certFile: string): void {
  const fromKey = openssl(['pkey', '-in', keyFile, '-pubout']);
  const fromCert = openssl(['x509', '-in', certFile, '-noout', '-pubkey']);
  expect(fromKey, `${keyFile} is not the key of ${certFile}`).toBe(fromCert);
}

/** The signature algorithm openssl names, as Go signs with a CA of each key type. */
const SIGNATURE_NAME: Record<KeyAlgorithm, string> = {
  'RSA-2048': 'sha256WithRSAEncryption',
  'RSA-3072': 'sha256WithRSAEncryption',
  'RSA-4096': 'sha256WithRSAEncryption',
  'ECDSA-P256': 'ecdsa-with-SHA256',
  'ECDSA-P384': 'ecdsa-with-SHA384',
};

function expectKeyPem(keyFile: string, algorithm: KeyAlgorithm): void {
  const expected = algorithm.startsWith('ECDSA') ? 'EC PRIVATE KEY' : 'RSA PRIVATE KEY';
  const pem = read(keyFile);
  expect(pem.split('\n')[0], keyFile).toBe(`-----BEGIN ${expected}-----`);
  expect(pem.trimEnd().split('\n').at(-1), keyFile).toBe(`-----END ${expected}-----`);
}

function expectKeyAlgorithm(text: string, algorithm: KeyAlgorithm, what: string): void {
  if (algorithm.startsWith('ECDSA')) {
    const bits = algorithm.slice('ECDSA-P'.length);
    expect(text, what).toContain('Public Key Algorithm: id-ecPublicKey');
    expect(text, what).toContain(`Public-Key: (${bits} bit)`);
    expect(text, what).toContain(`NIST CURVE: P-${bits}`);
  } else {
    expect(text, what).toContain('Public Key Algorithm: rsaEncryption');
    expect(text, what).toContain(`Public-Key: (${algorithm.slice('RSA-'.length)} bit)`);
  }
}

describe.each(CASES.map((c) => [c.label, c] as const))('%s', (_label, testCase) => {
  const { algorithm, topology } = testCase;
  let bundle: BundleOnDisk;
  const caById = new Map<CaId, CertificateAuthority>(topology.cas.map((ca) => [ca.id, ca]));
  const credById = new Map(topology.credentials.map((c) => [c.id, c]));
  const withFiles = topology.credentials.filter((c) => c.files !== null);
  const withKubeconfig = topology.credentials.filter((c) => c.kubeconfig !== null);
  const caOf = (cred: Credential): CertificateAuthority => {
    const ca = caById.get(cred.caId);
    if (!ca) throw new Error(`${cred.label}: CA ${cred.caId} is not in the design`);
    return ca;
  };

  const textCache = new Map<string, string>();
  const certText = (file: string): string => {
    let text = textCache.get(file);
    if (text === undefined) {
      text = openssl(['x509', '-in', file, '-noout', '-text']);
      textCache.set(file, text);
    }
    return text;
  };

  beforeAll(async () => {
    bundle = await bundleFor(testCase);
  });

  it('writes every file of the design and nothing it does not name', () => {
    expectDesignFiles(topology, bundle.files);
  });

  it('writes keys and kubeconfigs 0600, certificates and public keys 0644, the script 0755', () => {
    for (const f of bundle.files) {
      const mode = fs.statSync(bundle.path(f.path)).mode & 0o777;
      const secret = /\.(key|conf|kubeconfig)$/.test(f.path);
      expect(mode.toString(8), f.path).toBe(f.path.endsWith('.sh') ? '755' : secret ? '600' : '644');
    }
  });

  describe('(a) chains: openssl verify', () => {
    it.each(withFiles.map((c) => [c.label, c] as const))('%s verifies against its own CA only', (_label, cred) => {
      const crt = bundle.path(cred.files!.cert);
      const own = opensslResult(['verify', '-CAfile', bundle.path(caOf(cred).certFile), crt]);
      expect(own.ok, own.output).toBe(true);
      expect(own.output).toContain(': OK');
      for (const other of topology.cas.filter((ca) => ca.id !== cred.caId)) {
        const foreign = opensslResult(['verify', '-CAfile', bundle.path(other.certFile), crt]);
        expect(foreign.ok, `${cred.label} unexpectedly verifies against ${other.certFile}: ${foreign.output}`).toBe(
          false,
        );
        expect(foreign.output).toMatch(/unable to get local issuer certificate/);
      }
    });

    it.each(withFiles.map((c) => [c.label, c] as const))(
      '%s is fit for exactly the TLS purposes it declares',
      (_label, cred) => {
        const crt = bundle.path(cred.files!.cert);
        const ca = bundle.path(caOf(cred).certFile);
        for (const [purpose, wanted] of [
          ['sslserver', cred.serverAuth],
          ['sslclient', cred.clientAuth],
        ] as const) {
          const r = opensslResult(['verify', '-purpose', purpose, '-CAfile', ca, crt]);
          expect(r.ok, `${purpose}: ${r.output}`).toBe(wanted);
          if (!wanted) expect(r.output).toMatch(/unsuitable certificate purpose/);
        }
      },
    );

    it.each(topology.cas.map((ca) => [ca.certFile, ca] as const))('%s is a self-signed root', (_f, ca) => {
      const r = opensslResult(['verify', '-CAfile', bundle.path(ca.certFile), bundle.path(ca.certFile)]);
      expect(r.ok, r.output).toBe(true);
      const text = certText(bundle.path(ca.certFile));
      const issuer = /Issuer: (.*)\n/.exec(text)?.[1];
      const subject = /Subject: (.*)\n/.exec(text)?.[1];
      expect(issuer).toBeDefined();
      expect(issuer).toBe(subject);
    });
  });

  describe('(b) key pairs: openssl pkey', () => {
    it.each(withFiles.map((c) => [c.label, c] as const))(
      '%s: .key matches .crt and has the kubeadm PEM type',
      (_label, cred) => {
        expectKeyMatchesCert(bundle.path(cred.files!.key), bundle.path(cred.files!.cert));
        expectKeyPem(bundle.path(cred.files!.key), algorithm);
      },
    );

    it.each(topology.cas.map((ca) => [ca.certFile, ca] as const))('CA %s: .key matches .crt', (_f, ca) => {
      expectKeyMatchesCert(bundle.path(ca.keyFile), bundle.path(ca.certFile));
      expectKeyPem(bundle.path(ca.keyFile), algorithm);
    });

    if (topology.keyPairs.length > 0) {
      it.each(topology.keyPairs.map((kp) => [kp.privateFile, kp] as const))(
        '%s: public file is the public half',
        (_f, kp) => {
          const derived = openssl(['pkey', '-in', bundle.path(kp.privateFile), '-pubout']);
          expect(read(bundle.path(kp.publicFile))).toBe(derived);
          expect(read(bundle.path(kp.publicFile)).split('\n')[0]).toBe('-----BEGIN PUBLIC KEY-----');
          expectKeyPem(bundle.path(kp.privateFile), algorithm);
          const text = openssl(['pkey', '-in', bundle.path(kp.publicFile), '-pubin', '-noout', '-text']);
          if (algorithm.startsWith('ECDSA'))
            expect(text).toContain(`NIST CURVE: P-${algorithm.slice('ECDSA-P'.length)}`);
          else expect(text).toContain(`Public-Key: (${algorithm.slice('RSA-'.length)} bit)`);
        },
      );
    }
  });

  describe('(c) extensions: openssl x509', () => {
    it.each(topology.cas.map((ca) => [ca.certFile, ca] as const))(
      'CA %s: critical CA:TRUE, keyCertSign, SKI, key type',
      (_f, ca) => {
        const file = bundle.path(ca.certFile);
        const ext = openssl(['x509', '-in', file, '-noout', '-ext', 'basicConstraints,keyUsage']);
        expect(ext).toMatch(/X509v3 Basic Constraints: critical\n\s*CA:TRUE/);
        expect(ext).toMatch(/X509v3 Key Usage: critical\n\s*[^\n]*Certificate Sign/);
        const text = certText(file);
        expect(hexAfter(text, 'X509v3 Subject Key Identifier'), 'CA has no SKI').toBeDefined();
        expectKeyAlgorithm(text, algorithm, ca.certFile);
        expect(text).toContain(`Signature Algorithm: ${SIGNATURE_NAME[algorithm]}`);
      },
    );

    // Leaves: files and kubeconfig-only credentials alike (the latter read from the kubeconfig).
    it.each(topology.credentials.map((c) => [c.label, c] as const))(
      '%s: CA:FALSE, EKU as declared, AKI = CA SKI, key type',
      (_label, cred) => {
        const { cert } = pairOf(bundle, cred);
        const ext = openssl(['x509', '-in', cert, '-noout', '-ext', 'basicConstraints,keyUsage']);
        expect(ext).toMatch(/X509v3 Basic Constraints: critical\n\s*CA:FALSE/);
        expect(ext).toMatch(/X509v3 Key Usage: critical\n\s*Digital Signature/);
        expect(ext).not.toContain('Certificate Sign');
        const text = certText(cert);
        const eku = extensionBlock(text, 'Extended Key Usage') ?? '';
        expect(eku.includes('TLS Web Server Authentication'), `serverAuth in "${eku}"`).toBe(cred.serverAuth);
        expect(eku.includes('TLS Web Client Authentication'), `clientAuth in "${eku}"`).toBe(cred.clientAuth);
        const aki = hexAfter(text, 'X509v3 Authority Key Identifier');
        const caSki = hexAfter(certText(bundle.path(caOf(cred).certFile)), 'X509v3 Subject Key Identifier');
        expect(aki, 'leaf has no AKI').toBeDefined();
        expect(aki).toBe(caSki);
        expectKeyAlgorithm(text, algorithm, cred.label);
        expect(text).toContain(`Signature Algorithm: ${SIGNATURE_NAME[algorithm]}`);
      },
    );
  });

  if (withKubeconfig.length > 0) {
    describe('(d) kubeconfigs: yaml + openssl', () => {
      it.each(withKubeconfig.map((c) => [c.kubeconfig!.file, c] as const))('%s', (_file, cred) => {
        const e = embeddedKubeconfig(bundle, cred);
        const { doc } = e;
        expect(doc.apiVersion).toBe('v1');
        expect(doc.kind).toBe('Config');
        expect(doc.clusters).toHaveLength(1);
        expect(doc.contexts).toHaveLength(1);
        expect(doc.users).toHaveLength(1);
        const context = doc.contexts?.find((c) => c.name === doc['current-context']);
        expect(context, `current-context ${String(doc['current-context'])} does not resolve`).toBeDefined();
        expect(context?.context?.cluster).toBe(doc.clusters?.[0]?.name);
        expect(context?.context?.user).toBe(doc.users?.[0]?.name);
        expect(doc.clusters?.[0]?.cluster?.server).toMatch(/^https:\/\//);
        // Its server URL is what the credential's owner dials (so the handshakes below use this file).
        const dialled = topology.connections.filter(
          (c) => c.clientCredentialId === cred.id && dialsKubeconfigServer(bundle, cred, c),
        );
        expect(
          dialled.length,
          `no connection dials ${doc.clusters?.[0]?.cluster?.server} with ${cred.label}`,
        ).toBeGreaterThan(0);

        const cn = certSubject(e.certFile).CN;
        expect(cn).toHaveLength(1);
        expect(doc.users?.[0]?.name, 'user name must equal the cert CN').toBe(cn?.[0]);

        const caFile = bundle.path(caOf(cred).certFile);
        expect(read(e.caFile).trim(), 'certificate-authority-data is not the CA cert file').toBe(read(caFile).trim());
        const v = opensslResult(['verify', '-CAfile', e.caFile, e.certFile]);
        expect(v.ok, v.output).toBe(true);
        expectKeyMatchesCert(e.keyFile, e.certFile);
        expectKeyPem(e.keyFile, algorithm);
        if (cred.files) {
          // The same credential as .crt/.key and inside the kubeconfig must be the same pair.
          expect(read(e.certFile).trim()).toBe(read(bundle.path(cred.files.cert)).trim());
          expect(read(e.keyFile).trim()).toBe(read(bundle.path(cred.files.key)).trim());
        }
      });
    });
  }

  describe('(e) TLS handshakes: node:tls on 127.0.0.1', () => {
    const name = (c: TlsConnection) => `${c.label} [${c.id}] via ${c.address}:${c.port}`;
    const connections = topology.connections.map((c) => [name(c), c] as const);

    // A client with a kubeconfig for this address dials with what the kubeconfig holds.
    const optionsFor = (
      conn: TlsConnection,
      override: Pick<ConnectionHandshakeOptions, 'clientCa' | 'serverCa'> = {},
    ): HandshakeOptions =>
      connectionHandshake(bundle, conn, { server: 'node', kubeconfig: 'if-dialled', throwawayServer, ...override });

    it.each(connections)('%s succeeds', async (_n, conn) => {
      const r = await handshake(optionsFor(conn));
      expect(r.ok, r.error).toBe(true);
      if (conn.clientTrustsCaId !== null) expect(r.client.authorized, 'client did not authorize the server').toBe(true);
      expect(r.server.secure).toBe(true);
      const clientCred = conn.clientCredentialId ? credById.get(conn.clientCredentialId) : null;
      if (clientCred) {
        expect(r.server.presented, 'client presented no cert').toBe(true);
        expect(r.server.peerCn).toBe(commonNameOf(clientCred.subject));
        if (conn.serverTrustsCaId !== null)
          expect(r.server.authorized, 'server did not authorize the client cert').toBe(true);
      } else {
        expect(r.server.presented, 'token client presented a cert').toBe(false);
      }
    });

    // Negative cases: each check that makes a handshake succeed must also be able to fail it.
    const verifiedServer = connections.filter(([, c]) => c.clientTrustsCaId !== null);
    const verifiedClient = connections.filter(([, c]) => c.serverTrustsCaId !== null && c.clientCredentialId !== null);

    if (verifiedServer.length > 0) {
      it.each(verifiedServer)('%s fails when the client trusts a foreign CA', async (_n, conn) => {
        const r = await handshake(optionsFor(conn, { clientCa: foreignCa }));
        expect(r.ok, 'handshake succeeded although the client trusts a CA that signed nothing').toBe(false);
        const code = /^client: ([A-Z_]+)/.exec(r.error ?? '')?.[1] ?? '';
        expect(FOREIGN_CA_ERRORS, `client error: ${r.error}`).toContain(code);
      });

      it.each(verifiedServer)(
        '%s fails when the client dials a name the server cert does not cover',
        async (_n, conn) => {
          const opts = optionsFor(conn);
          const r = await handshake({ ...opts, client: { ...opts.client, address: 'not-a-san.invalid' } });
          expect(r.ok, 'handshake succeeded for a host name outside the SANs').toBe(false);
          expect(r.error).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID/);
        },
      );
    }

    if (verifiedClient.length > 0) {
      it.each(verifiedClient)('%s fails when the server trusts a foreign CA for client certs', async (_n, conn) => {
        const base = optionsFor(conn, { serverCa: foreignCa });
        // Only the server's check is under test here: the client takes any server cert.
        const opts: HandshakeOptions = { ...base, client: { ...base.client, rejectUnauthorized: false } };
        // Node's own rejection (rejectUnauthorized) drops the connection without telling why...
        const rejected = await handshake(opts);
        expect(rejected.ok, 'handshake succeeded although the server trusts a CA that signed nothing').toBe(false);
        expect(rejected.server.secure, `server accepted the client (${rejected.error})`).toBe(false);
        // ...so look again with the socket kept, as a verify-if-given server sees it.
        const seen = await handshake({ ...opts, server: { ...opts.server, rejectUnauthorized: false } });
        expect(seen.ok, 'the server answered a client whose cert it cannot verify').toBe(false);
        expect(seen.server.presented, 'client presented no cert').toBe(true);
        expect(seen.server.authorized, 'server authorized the client').toBe(false);
        expect(FOREIGN_CA_ERRORS, `server authorizationError: ${seen.server.authorizationError}`).toContain(
          seen.server.authorizationError,
        );
      });
    }
  });
});
