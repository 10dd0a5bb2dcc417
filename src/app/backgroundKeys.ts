import type { AppStore } from '../store/createAppStore';
import type { AppState } from '../store/appState';
import { selectTopology } from '../store/selectors';
import { keyCount } from '../topology/pools';
import { frameMaker } from '../keys/frameMaker';
import { createKeyPool, type KeyPool } from '../keys/keyPool';
import { workerMaker } from '../keys/workerMaker';

/** How long after an edit (or a drag) the pool waits before making the next key. */
const QUIET_MS = 800;
/** Keys held at most: a pool of 1,000 workers' worth (RSA-2048: about 3 MB). */
const MAX_POOLED = 2_000;
/** The diagram comes first: the key makers start this long after the page has loaded. */
const START_AFTER_MS = 1_500;

/**
 * The page's background key pool, following the store: sized to what the current design will
 * need, in its algorithm, on or off as the person chose, and filling only between edits.
 */
export function startBackgroundKeys(store: AppStore): KeyPool {
  let lastActivity = 0;
  let pointerDown = false;
  const pool = createKeyPool({
    quiet: () => !pointerDown && performance.now() - lastActivity > QUIET_MS,
    later: (callback) => window.setTimeout(callback, QUIET_MS),
    max: MAX_POOLED,
  });
  const follow = (s: AppState) => {
    pool.setEnabled(s.backgroundKeys);
    const topology = selectTopology(s);
    pool.want(topology.keyAlgorithm, keyCount(topology));
  };
  store.subscribe((s, prev) => {
    if (s.design !== prev.design) lastActivity = performance.now();
    if (s.design !== prev.design || s.backgroundKeys !== prev.backgroundKeys) follow(s);
  });
  window.addEventListener('pointerdown', () => void (pointerDown = true), true);
  for (const type of ['pointerup', 'pointercancel'] as const) {
    window.addEventListener(
      type,
      () => {
        pointerDown = false;
        lastActivity = performance.now();
      },
      true,
    );
  }
  follow(store.getState());
  window.setTimeout(() => {
    pool.addMaker(workerMaker());
    // The single HTML file has no keymaker.html beside it to load.
    if (import.meta.env.MODE !== 'single')
      void frameMaker(document.baseURI).then((maker) => maker && pool.addMaker(maker));
  }, START_AFTER_MS);
  return pool;
}
