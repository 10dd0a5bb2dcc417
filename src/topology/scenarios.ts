import type { Finding } from './checks/finding';
import { NO_EDITS, type Design } from './design';
import { updateCredential, type DesignEdit } from './edits';
import type { CaId, CredentialId } from './model';
import { subjectOf } from '../pki/profile';
import { PRESET_DEFAULTS } from './presets';
import type { PresetParams } from './presetParams';

/**
 * A "Break it" exercise: one injected fault, solved when its finding is gone. Each fault exists
 * in kubeadm's names and in the Course's, so a class working with the Course's files keeps them.
 */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  /** What the learner is told: the symptom, not the cause. */
  readonly brief: string;
  /** The check whose finding marks the fault. */
  readonly check: string;
  readonly fault: DesignEdit;
  /** The same fault on the Course preset (with the parameters it needs, e.g. a separate etcd CA). */
  readonly course: { readonly params?: Partial<PresetParams>; readonly fault: DesignEdit };
}

/** The presets a scenario can be played on; others play it on kubeadm. */
export type ScenarioPreset = 'kubeadm' | 'course';

const cred = (id: string) => id as CredentialId;

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'swap-ca',
    title: 'The API server cannot reach etcd',
    check: 'client-trust',
    brief:
      'After a re-key, kube-apiserver crash-loops and etcd logs a rejected client certificate. Find the failing connection and fix it.',
    fault: updateCredential(cred('cred:apiserver-etcd-client@controlplane'), { caId: 'ca:ca' as CaId }),
    course: {
      params: { separateEtcdCa: true },
      fault: updateCredential(cred('cred:apiserver-etcd-client'), { caId: 'ca:ca' as CaId }),
    },
  },
  {
    id: 'drop-san',
    title: 'kubectl refuses the API server',
    check: 'san',
    brief: 'kubectl get nodes fails with an x509 error about the address it dials. Which certificate is missing what?',
    fault: updateCredential(cred('cred:apiserver@controlplane'), { ipAddresses: ['10.96.0.1'] }),
    course: { fault: updateCredential(cred('cred:apiserver'), { ipAddresses: ['10.96.0.1'] }) },
  },
  {
    id: 'expired',
    title: 'The admin was locked out',
    check: 'validity',
    brief: 'An administrator who has not logged in for a year cannot use admin.conf any more. Why, and what fixes it?',
    fault: updateCredential(cred('cred:admin.conf'), { validFromDays: -400 }),
    course: { fault: updateCredential(cred('cred:admin'), { validFromDays: -400 }) },
  },
  {
    id: 'group-typo',
    title: 'node01 never becomes Ready',
    check: 'kubelet-group',
    brief: 'The kubelet on node01 connects, but every request it makes is Forbidden. Look at who it says it is.',
    fault: updateCredential(cred('cred:kubelet.conf@node01'), {
      subject: subjectOf('system:node:node01', ['system:node']),
    }),
    course: {
      fault: updateCredential(cred('cred:kubelet-client-node01'), {
        subject: subjectOf('system:node:node01', ['system:node']),
      }),
    },
  },
  {
    id: 'wrong-node',
    title: 'node01 updates the wrong node',
    check: 'kubelet-name',
    brief: "node01's kubelet is refused when it reports its status, with an error that names another node.",
    fault: updateCredential(cred('cred:kubelet.conf@node01'), {
      subject: subjectOf('system:node:node02', ['system:nodes']),
    }),
    course: {
      fault: updateCredential(cred('cred:kubelet-client-node01'), {
        subject: subjectOf('system:node:node02', ['system:nodes']),
      }),
    },
  },
  {
    id: 'no-client-auth',
    title: 'The scheduler is turned away',
    check: 'client-eku',
    brief:
      'kube-scheduler cannot authenticate although its certificate is signed by the right CA. Read its key usages.',
    fault: updateCredential(cred('cred:scheduler.conf@controlplane'), { clientAuth: false, serverAuth: true }),
    course: { fault: updateCredential(cred('cred:scheduler'), { clientAuth: false, serverAuth: true }) },
  },
];

export function scenarioById(id: string | null): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}

/** The preset's own design with the scenario's fault in it: kubeadm's, or the Course's names. */
export function scenarioDesign(scenario: Scenario, preset: ScenarioPreset = 'kubeadm'): Design {
  if (preset === 'course') {
    return scenario.course.fault({
      presetId: 'course',
      params: { ...PRESET_DEFAULTS.course, ...scenario.course.params },
      edits: NO_EDITS,
    });
  }
  return scenario.fault({ presetId: 'kubeadm', params: PRESET_DEFAULTS.kubeadm, edits: NO_EDITS });
}

/** The preset a scenario is played on, from the design it starts over: the Course stays the Course. */
export function scenarioPresetFor(presetId: string | null): ScenarioPreset {
  return presetId === 'course' ? 'course' : 'kubeadm';
}

/** Solved once the fault's kind of finding is gone and nothing else fails. */
export function isSolved(scenario: Scenario, findings: readonly Finding[]): boolean {
  return !findings.some((f) => f.check === scenario.check || f.severity === 'error');
}
