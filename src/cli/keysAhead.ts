import { generateKeyPair, type KeyAlgorithm } from '../pki/keyAlgorithm';
import type { KeySource } from '../pki/keySource';
import type { Topology } from '../topology/model';

/**
 * Every key a topology needs, all asked for at once: Node makes WebCrypto keys on libuv's thread
 * pool (sized to the cores by the bin, before its first use), so they are made on every core
 * side by side while the certificates are signed, in order, as their keys arrive. A key asked
 * for beyond the count is made on the spot.
 */
export function keysAhead(topology: Topology): KeySource {
  const wanted = new Map<KeyAlgorithm, number>();
  const want = (algorithm: KeyAlgorithm) => wanted.set(algorithm, (wanted.get(algorithm) ?? 0) + 1);
  topology.cas.forEach(() => want(topology.keyAlgorithm));
  topology.credentials.forEach((c) => want(c.keyAlgorithm ?? topology.keyAlgorithm));
  topology.keyPairs.forEach(() => want(topology.keyAlgorithm));
  const ready = new Map<KeyAlgorithm, Array<Promise<CryptoKeyPair>>>();
  for (const [algorithm, count] of wanted) {
    ready.set(
      algorithm,
      Array.from({ length: count }, () => {
        const key = generateKeyPair(algorithm);
        // A key never taken (a kept CA, say) must not end the run as an unhandled rejection.
        key.catch(() => undefined);
        return key;
      }),
    );
  }
  return { next: (algorithm) => ready.get(algorithm)?.shift() ?? generateKeyPair(algorithm) };
}
