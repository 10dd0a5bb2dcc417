import { afterEach, describe, expect, it, vi } from 'vitest';
import { topologyOf, NO_EDITS } from '../topology/design';
import { PRESET_DEFAULTS } from '../topology/presets';
import { expandDesign } from '../topology/pools';
import * as keyAlgorithm from '../pki/keyAlgorithm';
import { keysAhead } from './keysAhead';

afterEach(() => vi.restoreAllMocks());

describe('keys made ahead', () => {
  it('asks for every key of the design at once, before the first is taken, so the thread pool makes them side by side', async () => {
    const asked: string[] = [];
    vi.spyOn(keyAlgorithm, 'generateKeyPair').mockImplementation((algorithm) => {
      asked.push(algorithm);
      return new Promise(() => {});
    });
    const topology = topologyOf(
      expandDesign({
        presetId: 'kubeadm',
        edits: NO_EDITS,
        params: {
          ...PRESET_DEFAULTS.kubeadm,
          keyAlgorithm: 'RSA-2048',
          workers: [{ name: 'node', ip: '10.0.1.1', count: 20 }],
        },
      }),
    );
    keysAhead(topology);
    expect(asked).toHaveLength(topology.cas.length + topology.credentials.length + topology.keyPairs.length);
    expect(new Set(asked)).toEqual(new Set(['RSA-2048']));
  });

  it('hands each key out once, in the order asked, and makes one on the spot past the count', async () => {
    let made = 0;
    vi.spyOn(keyAlgorithm, 'generateKeyPair').mockImplementation(
      async () => ({ n: ++made }) as unknown as CryptoKeyPair,
    );
    const topology = topologyOf({
      presetId: 'hardway',
      params: { ...PRESET_DEFAULTS.hardway, keyAlgorithm: 'ECDSA-P256' },
      edits: NO_EDITS,
    });
    const total = topology.cas.length + topology.credentials.length + topology.keyPairs.length;
    const source = keysAhead(topology);
    const taken = await Promise.all(Array.from({ length: total + 1 }, () => source.next('ECDSA-P256')));
    expect(taken.map((k) => (k as unknown as { n: number }).n)).toEqual(
      Array.from({ length: total + 1 }, (_, i) => i + 1),
    );
  });
});
