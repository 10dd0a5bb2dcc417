// A large design's leaves issued partly by another thread (here, called in place): the same
// certificates as issued here, right CA, subject and SANs, every key distinct; for RSA only with
// keys already made, which the other thread then uses.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { keySupply } from '../pki/keySupply';
import { makeKeyBytes } from '../pki/keySource';
import { x509 } from '../pki/x509';
import { NO_EDITS, topologyOf } from '../topology/design';
import type { KeyAlgorithm } from '../pki/keyAlgorithm';
import { expandDesign } from '../topology/pools';
import { PRESET_DEFAULTS } from '../topology/presets';
import { generatePki, type GeneratedPki } from './generate';
import { signLeaves, type LeafJob, type LeafSigner } from './leafSigning';
import { makeTempDir } from './testing/bundleOnDisk';

const designOf = (workers: number, keyAlgorithm: KeyAlgorithm) =>
  topologyOf(
    expandDesign({
      presetId: 'kubeadm',
      params: { ...PRESET_DEFAULTS.kubeadm, keyAlgorithm, workers: [{ name: 'pool', ip: '10.1.0.1', count: workers }] },
      edits: NO_EDITS,
    }),
  );

function recording(): { signer: LeafSigner; jobs: LeafJob[] } {
  const jobs: LeafJob[] = [];
  return {
    jobs,
    signer: (cas, given) => {
      jobs.push(...given);
      return signLeaves(JSON.parse(JSON.stringify(cas)), given);
    },
  };
}

function expectIssuedAsDesigned(topology: ReturnType<typeof designOf>, pki: GeneratedPki): void {
  const dir = makeTempDir('leaf-signing-');
  try {
    const spkis = new Set<string>();
    for (const cred of topology.credentials) {
      const pem = pki.credentials.get(cred.id)!.certPem;
      const cert = new x509.X509Certificate(pem);
      expect(cert.subjectName.getField('CN')[0], cred.label).toBe(cred.subject.find((a) => a.type === 'CN')!.value);
      spkis.add(Buffer.from(cert.publicKey.rawData).toString('hex'));
      const ca = dir.write(`${cred.caId}.crt`, pki.cas.get(cred.caId)!.certPem);
      const leaf = dir.write('leaf.crt', pem);
      expect(execFileSync('openssl', ['verify', '-CAfile', ca, leaf], { encoding: 'utf8' }), cred.label).toContain(
        ': OK',
      );
      const key = dir.write('leaf.key', pki.credentials.get(cred.id)!.keyPem);
      expect(execFileSync('openssl', ['pkey', '-in', key, '-pubout'], { encoding: 'utf8' })).toBe(
        execFileSync('openssl', ['x509', '-in', leaf, '-noout', '-pubkey'], { encoding: 'utf8' }),
      );
    }
    expect(spkis.size).toBe(topology.credentials.length);
  } finally {
    dir.cleanup();
  }
}

describe('leaves issued by another thread', () => {
  it('ECDSA: the other thread issues about half, with its own keys, and every leaf is as designed', async () => {
    const topology = designOf(40, 'ECDSA-P256');
    const { signer, jobs } = recording();
    const pki = await generatePki(topology, { signers: [signer] });
    expect(jobs.length).toBe(Math.floor(topology.credentials.length / 2));
    expect(jobs.every((j) => j.key === undefined)).toBe(true);
    expectIssuedAsDesigned(topology, pki);
  });

  it('RSA: only with keys already made, which the other thread uses', async () => {
    const topology = designOf(38, 'RSA-2048');
    const pooled = await Promise.all(
      Array.from({ length: topology.credentials.length + topology.cas.length + 1 }, () => makeKeyBytes('RSA-2048')),
    );
    const { signer, jobs } = recording();
    const pki = await generatePki(topology, { signers: [signer], keys: keySupply('RSA-2048', pooled.length, pooled) });
    expect(jobs.length).toBeGreaterThan(0);
    const pooledSpkis = new Set(pooled.map((k) => Buffer.from(k.spki).toString('hex')));
    for (const job of jobs) expect(pooledSpkis.has(Buffer.from(job.key!.spki).toString('hex'))).toBe(true);
    expectIssuedAsDesigned(topology, pki);
  });

  it('RSA without keys made ahead: all issued here, nothing waits on another thread', async () => {
    const topology = designOf(38, 'RSA-2048');
    const { signer, jobs } = recording();
    await generatePki(topology, { signers: [signer], keys: keySupply('RSA-2048', 0, []) });
    expect(jobs).toEqual([]);
  });
});
