import { describe, expect, test } from 'vitest';
import { NO_EDITS, topologyOf, type Design } from '../design';
import { designProblem } from '../designRules';
import { addControlPlane, updateParams } from '../edits';
import { PRESET_DEFAULTS } from '../presets';
import { kubeadmFindings } from './kubeadmRules';

const kubeadm = (): Design => ({ presetId: 'kubeadm', params: PRESET_DEFAULTS.kubeadm, edits: NO_EDITS });

describe('kubeadm join --control-plane needs a controlPlaneEndpoint', () => {
  test('one control plane needs none', () => {
    expect(kubeadmFindings(kubeadm())).toEqual([]);
  });

  test('a second control plane without one fails as kubeadm join does, and its lines show it', () => {
    const ha = addControlPlane(kubeadm());
    const [finding] = kubeadmFindings(ha);
    expect(finding).toMatchObject({
      severity: 'error',
      check: 'kubeadm-endpoint',
      quote:
        "unable to add a new control plane instance to a cluster that doesn't have a stable controlPlaneEndpoint address",
      target: { kind: 'credential', id: 'cred:apiserver@controlplane' },
    });
    expect(topologyOf(ha).credentials.some((c) => c.id === finding!.target.id)).toBe(true);
    // The joining node's kubelet dials the first node's API server: the single point the endpoint would replace.
    expect(finding!.connectionIds).toContain('conn:kubelet@controlplane-2->kube-apiserver@controlplane');
    expect(finding!.connectionIds.some((id) => id.includes('@controlplane->'))).toBe(false);
  });

  test('the one-click fix puts a load balancer at a free address, which the gate accepts and the apiserver covers', () => {
    const ha = addControlPlane(addControlPlane(kubeadm()));
    const fixed = kubeadmFindings(ha)[0]!.fix!.edit(ha);
    expect(fixed.params.controlPlaneEndpoint).toMatch(/^192\.168\.56\.\d+:6443$/);
    expect(kubeadmFindings(fixed)).toEqual([]);
    expect(designProblem(fixed)).toBeNull();
    const apiserver = topologyOf(fixed).credentials.find((c) => c.id === 'cred:apiserver@controlplane')!;
    expect(apiserver.ipAddresses).toContain(fixed.params.controlPlaneEndpoint.replace(/:6443$/, ''));
  });

  test('other presets have no such rule', () => {
    const course: Design = updateParams({
      controlPlane: [
        { name: 'cp1', ip: '10.0.0.1' },
        { name: 'cp2', ip: '10.0.0.2' },
      ],
    })({ presetId: 'course', params: PRESET_DEFAULTS.course, edits: NO_EDITS });
    expect(kubeadmFindings(course)).toEqual([]);
  });
});
