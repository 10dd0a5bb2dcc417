import { createContext } from 'react';
import type { KeyPool } from '../../keys/keyPool';

/** The page's background key pool; absent in tests that render without one. */
export const KeyPoolContext = createContext<KeyPool | null>(null);
