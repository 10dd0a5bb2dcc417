// The background pool's rules, with makers that make numbered fake keys on demand.
import { describe, expect, it } from 'vitest';
import type { KeyAlgorithm } from '../pki/keyAlgorithm';
import type { KeyBytes } from '../pki/keySource';
import type { KeyMaker } from './keyMaker';
import { createKeyPool, type KeyPool } from './keyPool';

let serial = 0;
/** A maker whose keys carry a serial number, made when `release` is called (or at once). */
function fakeMaker(remote: boolean) {
  const queue: Array<() => void> = [];
  const maker: KeyMaker & { made: number } = {
    remote,
    made: 0,
    make: (algorithm: KeyAlgorithm) =>
      new Promise<KeyBytes>((resolve) => {
        queue.push(() => {
          maker.made++;
          const n = new Uint32Array([++serial]).buffer;
          resolve({ algorithm, pkcs8: n, spki: n });
        });
      }),
    close: () => undefined,
  };
  return {
    maker,
    release: async () => {
      while (queue.length > 0) queue.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}
const idOf = (k: KeyBytes) => new Uint32Array(k.spki)[0];

function pool(quiet = () => true): { pool: KeyPool; later: Array<() => void> } {
  const later: Array<() => void> = [];
  return { pool: createKeyPool({ quiet, later: (cb) => later.push(cb), max: 50 }), later };
}

describe('the background key pool', () => {
  it('fills to what the design needs, one key per maker at a time, and hands each key out once', async () => {
    const { pool: p } = pool();
    const a = fakeMaker(false);
    const b = fakeMaker(true);
    p.addMaker(a.maker);
    p.addMaker(b.maker);
    p.want('RSA-2048', 5);
    for (let i = 0; i < 5; i++) {
      await a.release();
      await b.release();
    }
    expect(p.status()).toMatchObject({ algorithm: 'RSA-2048', ready: 5, target: 5 });
    expect(a.maker.made + b.maker.made).toBe(5);
    const first = p.take('RSA-2048', 3).map(idOf);
    const second = p.take('RSA-2048', 3).map(idOf);
    expect(second).toHaveLength(2);
    expect(new Set([...first, ...second]).size).toBe(5);
  });

  it('waits while the person edits, and fills once they stop', async () => {
    let editing = true;
    const { pool: p, later } = pool(() => !editing);
    const m = fakeMaker(false);
    p.addMaker(m.maker);
    p.want('RSA-2048', 2);
    await m.release();
    expect(m.maker.made).toBe(0);
    editing = false;
    later.splice(0).forEach((cb) => cb());
    await m.release();
    await m.release();
    expect(p.status().ready).toBe(2);
  });

  it('starts a new pool when the algorithm changes, and lets every key go when turned off', async () => {
    const { pool: p } = pool();
    const m = fakeMaker(false);
    p.addMaker(m.maker);
    p.want('RSA-2048', 2);
    await m.release();
    await m.release();
    p.want('RSA-3072', 2);
    expect(p.status().ready).toBe(0);
    expect(p.take('RSA-2048', 2)).toEqual([]);
    await m.release();
    expect(p.status()).toMatchObject({ algorithm: 'RSA-3072', ready: 1 });
    p.setEnabled(false);
    expect(p.status().ready).toBe(0);
    await m.release();
    await m.release();
    expect(p.status().ready).toBe(0);
  });

  it('makes no ECDSA keys ahead and feeds none: they cost microseconds', async () => {
    const { pool: p } = pool();
    const remote = fakeMaker(true);
    p.addMaker(remote.maker);
    p.want('ECDSA-P256', 10);
    const sent: KeyBytes[] = [];
    const feed = p.feed('ECDSA-P256', 10, (k) => sent.push(k));
    await remote.release();
    feed.stop();
    expect(p.status()).toMatchObject({ algorithm: 'ECDSA-P256', ready: 0, target: 0 });
    expect(remote.maker.made + sent.length).toBe(0);
  });

  it('feeds a generation from the other renderers only, and after a cancel keeps what arrives late and fills again', async () => {
    const { pool: p } = pool();
    const local = fakeMaker(false);
    const remote = fakeMaker(true);
    p.addMaker(local.maker);
    p.addMaker(remote.maker);
    p.want('RSA-2048', 4);
    for (let i = 0; i < 4; i++) {
      await local.release();
      await remote.release();
    }
    const pooled = p.take('RSA-2048', 4);
    expect(pooled).toHaveLength(4);
    const sent: KeyBytes[] = [];
    const feed = p.feed('RSA-2048', 10, (k) => sent.push(k));
    await remote.release();
    await local.release();
    expect(sent).toHaveLength(1);
    expect(local.maker.made).toBe(2); // the page's own maker does not feed: the generation makes keys there itself
    // Cancelled mid-generation: the key in flight comes to the pool, and the pool fills to its target again.
    feed.stop();
    for (let i = 0; i < 4; i++) {
      await remote.release();
      await local.release();
    }
    expect(p.status().ready).toBe(4);
    const again = p.take('RSA-2048', 4).map(idOf);
    for (const k of [...pooled, ...sent].map(idOf)) expect(again).not.toContain(k);
  });
});
