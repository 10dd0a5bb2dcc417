import { isEcdsa, type KeyAlgorithm } from '../pki/keyAlgorithm';
import type { KeyBytes } from '../pki/keySource';
import type { KeyMaker } from './keyMaker';

export interface KeyPoolStatus {
  readonly algorithm: KeyAlgorithm | null;
  /** Keys made and not yet used. */
  readonly ready: number;
  /** How many the current design will need (capped). */
  readonly target: number;
  readonly enabled: boolean;
}

export interface KeyPoolOptions {
  /** Whether the person is between edits: the pool fills only then, so no edit waits for a key. */
  readonly quiet: () => boolean;
  /** Calls back a little later, to look again once the person has stopped editing. */
  readonly later: (callback: () => void) => void;
  /** The most keys held at once (RSA-2048: about 1.6 KB each). */
  readonly max: number;
}

export interface KeyPool {
  /** The design needs `count` keys of `algorithm`: another algorithm starts a new pool (an empty one for ECDSA). */
  want(algorithm: KeyAlgorithm, count: number): void;
  /** Takes up to `count` keys out: each key is handed out once. */
  take(algorithm: KeyAlgorithm, count: number): KeyBytes[];
  /** Keys made but not used by a generation come back. */
  put(keys: readonly KeyBytes[]): void;
  setEnabled(enabled: boolean): void;
  addMaker(maker: KeyMaker): void;
  /**
   * While a generation runs: the pool stops filling, and the makers in other renderers make
   * `count` keys for it, each passed to `send` while the generation still wants them. Keys that
   * arrive after `stop` come to the pool. The pool fills again after `stop`.
   */
  feed(algorithm: KeyAlgorithm, count: number, send: (key: KeyBytes) => void): { stop(): void };
  status(): KeyPoolStatus;
  subscribe(listener: () => void): () => void;
  close(): void;
}

/**
 * Keys made in the background while the person designs, held in memory only (never in the
 * store, storage, a link or a file), so that Generate finds most of them made. Each maker makes
 * one key at a time, and only while the person is not editing.
 */
export function createKeyPool(options: KeyPoolOptions): KeyPool {
  const makers: KeyMaker[] = [];
  const busy = new Set<KeyMaker>();
  const listeners = new Set<() => void>();
  let keys: KeyBytes[] = [];
  let algorithm: KeyAlgorithm | null = null;
  let target = 0;
  let enabled = true;
  let feeding = 0;
  let lookAgain = false;
  let snapshot: KeyPoolStatus = { algorithm, ready: 0, target, enabled };

  const notify = () => {
    snapshot = { algorithm, ready: keys.length, target, enabled };
    listeners.forEach((l) => l());
  };
  const keep = (key: KeyBytes) => {
    if (enabled && key.algorithm === algorithm && keys.length < options.max) keys.push(key);
  };
  const pump = () => {
    if (!enabled || feeding > 0 || !algorithm) return;
    for (const maker of makers) {
      if (busy.has(maker) || keys.length + busy.size >= target) continue;
      if (!options.quiet()) {
        if (!lookAgain) {
          lookAgain = true;
          options.later(() => {
            lookAgain = false;
            pump();
          });
        }
        return;
      }
      busy.add(maker);
      const making = algorithm;
      maker.make(making).then(
        (key) => {
          busy.delete(maker);
          if (key.algorithm === making) {
            keep(key);
            notify();
          }
          pump();
        },
        () => {
          // A maker that fails (its frame was closed, say) is dropped; the others go on.
          busy.delete(maker);
          makers.splice(makers.indexOf(maker), 1);
          pump();
        },
      );
    }
  };

  return {
    want(next, count) {
      // An ECDSA key takes microseconds to make: only RSA keys are worth making ahead.
      const capped = isEcdsa(next) ? 0 : Math.min(count, options.max);
      if (next === algorithm && capped === target) return;
      if (next !== algorithm) keys = [];
      algorithm = next;
      target = capped;
      notify();
      pump();
    },
    take(wanted, count) {
      if (wanted !== algorithm || count <= 0) return [];
      const taken = keys.splice(0, count);
      notify();
      return taken;
    },
    put(returned) {
      returned.forEach(keep);
      notify();
      pump();
    },
    setEnabled(on) {
      enabled = on;
      // Off means off: the keys already made are let go too.
      if (!on) keys = [];
      notify();
      pump();
    },
    addMaker(maker) {
      makers.push(maker);
      pump();
    },
    feed(wanted, count, send) {
      // Nor worth sending from another renderer: an ECDSA key costs less than the message.
      if (isEcdsa(wanted)) return { stop: () => undefined };
      feeding++;
      let sent = 0;
      let stopped = false;
      const run = async (maker: KeyMaker) => {
        while (!stopped && sent < count) {
          sent++;
          const key = await maker.make(wanted).catch(() => null);
          if (!key) return;
          if (stopped) {
            keep(key);
            notify();
          } else send(key);
        }
      };
      // The page's own renderer makes keys for the generation itself; the others help.
      makers.filter((m) => m.remote).forEach((m) => void run(m));
      return {
        stop() {
          if (stopped) return;
          stopped = true;
          feeding--;
          pump();
        },
      };
    },
    status: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      makers.forEach((m) => m.close());
      makers.length = 0;
      keys = [];
    },
  };
}
