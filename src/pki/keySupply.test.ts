// Keys for a generation from the background pool, from other renderers and made on the spot:
// each used once, and nothing lost.
import { describe, expect, it } from 'vitest';
import { keySupply } from './keySupply';
import { makeKeyBytes } from './keySource';

const hex = (b: ArrayBuffer) => Buffer.from(b).toString('hex');

describe('a key supply', () => {
  it('hands out the pooled keys first, then those that arrive or it made; never one twice, and loses none', async () => {
    const pooled = await Promise.all(Array.from({ length: 3 }, () => makeKeyBytes('ECDSA-P256')));
    const arriving = await makeKeyBytes('ECDSA-P256');
    const supply = keySupply('ECDSA-P256', 6, pooled);
    const given: string[] = [];
    const spki = async (pair: CryptoKeyPair) => hex(await crypto.subtle.exportKey('spki', pair.publicKey));
    for (let i = 0; i < 3; i++) given.push(await spki(await supply.next('ECDSA-P256')));
    expect(given).toEqual(pooled.map((k) => hex(k.spki)));
    supply.add([arriving]);
    for (let i = 0; i < 3; i++) given.push(await spki(await supply.next('ECDSA-P256')));
    expect(new Set(given).size).toBe(given.length);
    // What was made or arrived but was never handed out goes back whole, and is none of the keys used.
    const left = (await supply.leftover()).map((k) => hex(k.spki));
    for (const k of left) expect(given).not.toContain(k);
    expect([...given, ...left]).toContain(hex(arriving.spki));
  });

  it('makes a key of another algorithm on the spot, outside the pool', async () => {
    const supply = keySupply('ECDSA-P256', 1, []);
    const pair = await supply.next('RSA-2048');
    expect((pair.publicKey.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(2048);
  });
});
