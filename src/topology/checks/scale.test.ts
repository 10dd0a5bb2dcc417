import { describe, expect, test } from 'vitest';
import { subjectOf } from '../../pki/profile';
import { NO_EDITS, topologyOf, type Design } from '../design';
import type { Topology } from '../model';
import { addToIpv4 } from '../pools';
import { PRESET_DEFAULTS } from '../presets';
import { validateTopology } from './validateTopology';

/** kubeadm's lab cluster with `n` workers written out one by one (no pools): the size the checks must scale to. */
function withWorkers(n: number): Topology {
  const workers = Array.from({ length: n }, (_, i) => ({ name: `w${i}`, ip: addToIpv4('10.0.0.1', i) }));
  const design: Design = { presetId: 'kubeadm', params: { ...PRESET_DEFAULTS.kubeadm, workers }, edits: NO_EDITS };
  return topologyOf(design);
}

/** One kubelet credential broken three ways, so the per-credential lookups have work to do. */
function withBrokenKubelet(t: Topology, worker: string): Topology {
  const id = `cred:kubelet.conf@${worker}`;
  expect(t.credentials.some((c) => c.id === id)).toBe(true);
  return {
    ...t,
    credentials: t.credentials.map((c) =>
      c.id === id
        ? {
            ...c,
            subject: subjectOf('system:node:elsewhere', ['system:nodes']),
            caId: 'ca:gone' as typeof c.caId,
            validFromDays: -400,
          }
        : c,
    ),
  };
}

describe('validateTopology at scale', () => {
  test('a sound design of 8,000 workers has no findings', () => {
    expect(validateTopology(withWorkers(8000), 'kubeadm')).toEqual([]);
  });

  test('one broken kubelet among 8,000 is found with exactly its own connections', () => {
    const topology = withBrokenKubelet(withWorkers(8000), 'w4321');
    const findings = validateTopology(topology, 'kubeadm');
    const toApi = 'conn:kubelet@w4321->kube-apiserver@controlplane';
    expect(findings.map((f) => [f.id, f.connectionIds])).toEqual([
      [`client-trust:${toApi}`, [toApi]],
      ['kubelet-name:cred:kubelet.conf@w4321', [toApi]],
      ['validity:cred:kubelet.conf@w4321', [toApi]],
      ['missing-ca:cred:kubelet.conf@w4321', [toApi]],
    ]);
    expect(findings[1]?.quote).toBe(
      'nodes "w4321" is forbidden: node "elsewhere" is not allowed to modify node "w4321"',
    );
  });
});
