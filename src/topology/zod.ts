// eslint-disable-next-line no-restricted-imports -- the one place zod is configured
import { z } from 'zod';

// The page's Content-Security-Policy forbids eval. zod's JIT probes `new Function` on its first
// parse: the probe is caught, but the browser still reports (and Firefox logs) a blocked eval.
// Every schema of the app is built from this module, so the probe never runs.
z.config({ jitless: true });

export { z };
