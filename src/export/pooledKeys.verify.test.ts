// A bundle made from pooled keys (made earlier, or in another renderer) is as good as any: every
// key distinct, openssl verifies it, and every connection handshakes with real mutual TLS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keySupply } from '../pki/keySupply';
import { makeKeyBytes, type KeyBytes } from '../pki/keySource';
import { x509 } from '../pki/x509';
import { topologyOf } from '../topology/design';
import { makeTempDir, openssl, writeBundle, type BundleOnDisk } from './testing/bundleOnDisk';
import { haDesign } from './testing/haDesign';
import { connectionHandshake, handshake, throwawayServerCert, type CertAndKey } from './testing/handshake';

const hex = (b: ArrayBuffer) => Buffer.from(b).toString('hex');
const spkiOfCert = (pem: string) => hex(new x509.X509Certificate(pem).publicKey.rawData);

describe('a bundle made from pooled keys', () => {
  let bundle: BundleOnDisk;
  let pooled: KeyBytes[];
  let throwaway: CertAndKey;
  const scratch = makeTempDir('pooled-');
  const topology = topologyOf(haDesign());

  beforeAll(async () => {
    // Half the keys pooled (made "earlier"), a few arriving from "another renderer", the rest made here.
    pooled = await Promise.all(Array.from({ length: 30 }, () => makeKeyBytes('ECDSA-P256')));
    const supply = keySupply('ECDSA-P256', 60, pooled.slice(0, 25));
    supply.add(pooled.slice(25));
    bundle = await writeBundle(topology, { keys: supply });
    throwaway = throwawayServerCert(scratch, 'ec:P-256');
  });
  afterAll(() => {
    bundle?.cleanup();
    scratch.cleanup();
  });

  it('uses the pooled keys, and every key in it is distinct', () => {
    const keys = [...bundle.pki.cas.values(), ...bundle.pki.credentials.values()].map((c) => spkiOfCert(c.certPem));
    expect(new Set(keys).size).toBe(keys.length);
    const used = new Set(keys);
    expect(pooled.filter((k) => used.has(hex(k.spki))).length).toBe(pooled.length);
  });

  it('passes openssl: each certificate verifies against its CA, each key matches its certificate', () => {
    for (const c of topology.credentials.filter((x) => x.files)) {
      const ca = topology.cas.find((x) => x.id === c.caId)!;
      expect(openssl(['verify', '-CAfile', bundle.path(ca.certFile), bundle.path(c.files!.cert)])).toContain(': OK');
      expect(openssl(['pkey', '-in', bundle.path(c.files!.key), '-pubout'])).toBe(
        openssl(['x509', '-in', bundle.path(c.files!.cert), '-noout', '-pubkey']),
      );
    }
  });

  it('handshakes on every connection with real mutual TLS', async () => {
    for (const conn of topology.connections) {
      const result = await handshake(
        connectionHandshake(bundle, conn, {
          server: 'component',
          kubeconfig: 'if-dialled',
          throwawayServer: throwaway,
        }),
      );
      expect(result.ok, `${conn.label}: ${result.summary}`).toBe(true);
    }
  });
});
