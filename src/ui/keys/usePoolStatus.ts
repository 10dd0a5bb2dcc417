import { useContext, useSyncExternalStore } from 'react';
import { KeyPoolContext } from './KeyPoolContext';
import type { KeyPoolStatus } from '../../keys/keyPool';

const NO_POOL: KeyPoolStatus = { algorithm: null, ready: 0, target: 0, enabled: false };
const noSubscription = () => () => undefined;

/** How many background keys are ready, as the pool fills. */
export function usePoolStatus(): KeyPoolStatus {
  const pool = useContext(KeyPoolContext);
  return useSyncExternalStore(pool ? pool.subscribe : noSubscription, pool ? pool.status : () => NO_POOL);
}
