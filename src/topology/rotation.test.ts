import { describe, expect, it } from 'vitest';
import { NO_EDITS, topologyOf } from './design';
import { addControlPlane, addWorker } from './edits';
import { PRESET_DEFAULTS } from './presets';
import { checkRotation, recommendedOrder, rotationRefusal, type RotationStep } from './rotation';

const kubeadm = topologyOf(
  addWorker(addControlPlane({ presetId: 'kubeadm', params: PRESET_DEFAULTS.kubeadm, edits: NO_EDITS })),
);
const step = (scope: RotationStep['scope'], action: RotationStep['action']): RotationStep => ({ scope, action });

describe('CA rotation, checked phase by phase', () => {
  it('the cluster CA: every phase of the recommended order keeps every connection working', () => {
    const order = recommendedOrder(kubeadm, 'ca:ca');
    expect(order.map((s) => `${s.scope}:${s.action}`)).toEqual([
      'control-planes:trust-both',
      'workers:trust-both',
      'people:trust-both',
      'control-planes:present-new',
      'workers:present-new',
      'people:present-new',
      'control-planes:trust-new',
      'workers:trust-new',
      'people:trust-new',
    ]);
    for (const phase of checkRotation(kubeadm, 'ca:ca', order, 'kubeadm')) {
      expect(phase.failing, phase.title).toEqual([]);
      expect(phase.working).toBe(phase.total);
    }
  });

  it('the etcd CA touches only the control planes: three phases', () => {
    expect(recommendedOrder(kubeadm, 'ca:etcd-ca').map((s) => s.scope)).toEqual([
      'control-planes',
      'control-planes',
      'control-planes',
    ]);
  });

  it("a control plane presenting the new CA's certificates before the workers trust it: the workers' kubelets fail, quoted as Go says it", () => {
    const wrong = [
      step('control-planes', 'trust-both'),
      step('control-planes', 'present-new'),
      ...recommendedOrder(kubeadm, 'ca:ca').filter((s) => !(s.scope === 'control-planes' && s.action !== 'trust-new')),
    ];
    const [first, second, third] = checkRotation(kubeadm, 'ca:ca', wrong, 'kubeadm');
    expect(first!.failing).toEqual([]);
    const kubeletToApi = second!.failing.filter((f) => f.check === 'server-trust' && /kubelet \(node/.test(f.subject));
    expect(kubeletToApi.length).toBeGreaterThan(0);
    expect(kubeletToApi[0]!.quote).toBe('x509: certificate signed by unknown authority');
    expect(kubeletToApi[0]!.explanation).toMatch(
      /trusts Kubernetes CA \(old\), but .* is signed by Kubernetes CA \(new\)/i,
    );
    // The apiserver's client certificate for kubelets is new too: each worker's kubelet refuses it.
    expect(second!.failing.some((f) => f.check === 'client-trust' && /→ kubelet \(node/.test(f.subject))).toBe(true);
    // Once the workers trust both, those connections work again.
    expect(third!.failing.filter((f) => /node/.test(f.subject))).toEqual([]);
  });

  it('dropping the old CA before the workers present new certificates fails at the API server', () => {
    const wrong: RotationStep[] = [
      ...SCOPES_BOTH(),
      step('control-planes', 'present-new'),
      step('control-planes', 'trust-new'),
    ];
    const last = checkRotation(kubeadm, 'ca:ca', wrong, 'kubeadm').at(-1)!;
    expect(
      last.failing.some(
        (f) => f.check === 'client-trust' && f.quote === 'error: You must be logged in to the server (Unauthorized)',
      ),
    ).toBe(true);
    expect(last.working).toBeLessThan(last.total);
  });

  it('refuses intermediates and CAs above them', () => {
    expect(rotationRefusal(kubeadm, 'ca:ca')).toBeNull();
    expect(
      rotationRefusal(
        {
          ...kubeadm,
          cas: kubeadm.cas.map((c) =>
            c.id === 'ca:etcd-ca' ? { ...c, parentCaId: c.id.replace('etcd-ca', 'ca') as typeof c.id } : c,
          ),
        },
        'ca:ca',
      ),
    ).toMatch(/signs other CAs/);
  });
});

function SCOPES_BOTH(): RotationStep[] {
  return (['control-planes', 'workers', 'people'] as const).map((s) => step(s, 'trust-both'));
}
