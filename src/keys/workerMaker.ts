import type { KeyAlgorithm } from '../pki/keyAlgorithm';
import type { KeyBytes } from '../pki/keySource';
import type { KeyMaker } from './keyMaker';
import { replies } from './replies';
import KeymakerWorker from './keymaker.worker.ts?worker';

/** Makes keys in a Worker of this page: the page's renderer, so it only helps while nothing else makes keys there. */
export function workerMaker(): KeyMaker {
  const worker = new KeymakerWorker();
  const keys = replies<KeyBytes>();
  worker.onmessage = (event: MessageEvent<{ id: number; key?: KeyBytes; error?: string }>) => {
    keys.settle(event.data.id, event.data.key ?? new Error(event.data.error ?? 'no key'));
  };
  return {
    remote: false,
    make: (algorithm: KeyAlgorithm) => keys.ask((id) => worker.postMessage({ id, algorithm })),
    close: () => {
      worker.terminate();
      keys.failAll('closed');
    },
  };
}
