import { generateKeyPair, type KeyAlgorithm } from './keyAlgorithm';
import { importKeyBytes, type KeyBytes, type KeySource } from './keySource';

/** The keys of one generation, as they are handed out and what is left at the end. */
export interface KeySupply extends KeySource {
  /** Keys made elsewhere (another renderer) arriving while generation runs. */
  add(keys: readonly KeyBytes[]): void;
  /** Keys never handed out, as bytes: they go back to the pool, never into a second bundle. */
  leftover(): Promise<KeyBytes[]>;
  /** How many keys of the design's algorithm were made here. */
  readonly madeHere: number;
}

type Queued = { readonly bytes: KeyBytes } | { readonly pair: CryptoKeyPair };

/**
 * Keys for one generation of `needed` keys of `algorithm`: the pooled ones first, then keys that
 * arrive from other renderers, while this thread makes its own one at a time until the count is
 * covered (RSA key generation runs on one WebCrypto thread per renderer, so two renderers make
 * keys side by side). Each key is handed out once. Another algorithm (a credential's own) is made
 * on the spot.
 */
export function keySupply(algorithm: KeyAlgorithm, needed: number, pooled: readonly KeyBytes[]): KeySupply {
  const queue: Queued[] = pooled.filter((k) => k.algorithm === algorithm).map((bytes) => ({ bytes }));
  const waiting: Array<(q: Queued) => void> = [];
  let handedOut = 0;
  let making = false;
  let madeHere = 0;
  let closed = false;

  const deliver = (q: Queued) => {
    const waiter = waiting.shift();
    if (waiter) waiter(q);
    else queue.push(q);
  };
  // One key at a time here: more in flight on one WebCrypto thread adds nothing and delays the others.
  const makeMore = () => {
    if (making || closed) return;
    if (waiting.length === 0 && handedOut + queue.length >= needed) return;
    making = true;
    generateKeyPair(algorithm).then(
      (pair) => {
        making = false;
        madeHere++;
        deliver({ pair });
        makeMore();
      },
      () => {
        making = false;
      },
    );
  };
  const open = (q: Queued) => ('pair' in q ? Promise.resolve(q.pair) : importKeyBytes(q.bytes));
  makeMore();

  return {
    get madeHere() {
      return madeHere;
    },
    async next(wanted) {
      if (wanted !== algorithm) return generateKeyPair(wanted);
      handedOut++;
      const ready = queue.shift();
      if (ready) {
        makeMore();
        return open(ready);
      }
      const arrived = new Promise<Queued>((resolve) => waiting.push(resolve));
      makeMore();
      return open(await arrived);
    },
    takeReady(wanted, count) {
      // All or nothing: a share of the leaves goes to another thread only with every key it needs.
      if (wanted !== algorithm || queue.filter((q) => 'bytes' in q).length < count) return [];
      const ready: KeyBytes[] = [];
      for (let i = 0; i < queue.length && ready.length < count;) {
        const q = queue[i]!;
        if ('bytes' in q) {
          ready.push(q.bytes);
          queue.splice(i, 1);
        } else i++;
      }
      handedOut += ready.length;
      makeMore();
      return ready;
    },
    add(keys) {
      for (const bytes of keys) if (bytes.algorithm === algorithm && !closed) deliver({ bytes });
    },
    async leftover() {
      closed = true;
      const left = queue.splice(0);
      return Promise.all(
        left.map(async (q) => {
          if ('bytes' in q) return q.bytes;
          const [pkcs8, spki] = await Promise.all([
            globalThis.crypto.subtle.exportKey('pkcs8', q.pair.privateKey),
            globalThis.crypto.subtle.exportKey('spki', q.pair.publicKey),
          ]);
          return { algorithm, pkcs8, spki };
        }),
      );
    },
  };
}
