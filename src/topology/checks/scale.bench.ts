// How the checks' time grows with the cluster (npm run bench:checks prints it): linear, since
// every lookup is indexed. Quadratic lookups took 3.5-7 s at 8,000 workers, the indexed ones about
// 0.1 s. A figure, not a test: the unit tests hold no clock (see src/topology/workMeter.ts).
import { bench, describe } from 'vitest';
import { NO_EDITS, topologyOf, type Design } from '../design';
import { addToIpv4 } from '../pools';
import { PRESET_DEFAULTS } from '../presets';
import { validateTopology } from './validateTopology';

describe('validateTopology, kubeadm with n workers written out one by one', () => {
  for (const n of [1000, 2000, 4000, 8000]) {
    const workers = Array.from({ length: n }, (_, i) => ({ name: `w${i}`, ip: addToIpv4('10.0.0.1', i) }));
    const design: Design = { presetId: 'kubeadm', params: { ...PRESET_DEFAULTS.kubeadm, workers }, edits: NO_EDITS };
    const topology = topologyOf(design);
    bench(
      `${n} workers, ${topology.connections.length} connections`,
      () => {
        validateTopology(topology, 'kubeadm');
      },
      { iterations: 3 },
    );
  }
});
