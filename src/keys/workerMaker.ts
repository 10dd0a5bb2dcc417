import type { KeyAlgorithm } from '../pki/keyAlgorithm';
import type { KeyBytes } from '../pki/keySource';
import type { KeyMaker } from './keyMaker';

/** Makes keys in a Worker of this page: the page's renderer, so it only helps while nothing else makes keys there. */
export function workerMaker(): KeyMaker {
  const worker = new Worker(new URL('./keymaker.worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, { resolve(k: KeyBytes): void; reject(e: Error): void }>();
  let nextId = 1;
  worker.onmessage = (event: MessageEvent<{ id: number; key?: KeyBytes; error?: string }>) => {
    const waiter = pending.get(event.data.id);
    pending.delete(event.data.id);
    if (event.data.key) waiter?.resolve(event.data.key);
    else waiter?.reject(new Error(event.data.error ?? 'no key'));
  };
  return {
    remote: false,
    make: (algorithm: KeyAlgorithm) => new Promise<KeyBytes>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, algorithm });
    }),
    close: () => {
      worker.terminate();
      for (const w of pending.values()) w.reject(new Error('closed'));
      pending.clear();
    },
  };
}
