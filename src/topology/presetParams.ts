import type { KeyAlgorithm } from '../pki/keyAlgorithm';

export interface NodeParams {
  readonly name: string;
  readonly ip: string;
  /** Workers only: a pool of this many identical nodes, drawn as one. */
  readonly count?: number;
}

/** The few choices every preset is a function of. */
export interface PresetParams {
  readonly clusterName: string;
  readonly controlPlane: readonly NodeParams[];
  readonly workers: readonly NodeParams[];
  /** Service CIDR; its first IP is the `kubernetes` Service address the apiserver cert must cover. */
  readonly serviceCidr: string;
  readonly dnsDomain: string;
  /** Load balancer or DNS name in front of the apiservers, `host[:port]`; empty for none. */
  readonly controlPlaneEndpoint: string;
  /** Extra apiserver SANs (IPs or DNS names), like kubeadm's `apiServer.certSANs`. */
  readonly extraSans: readonly string[];
  readonly keyAlgorithm: KeyAlgorithm;
  readonly caValidityDays: number;
  readonly leafValidityDays: number;
  /** Course preset: the apiserver reuses its serving pair as a client of etcd and kubelets. */
  readonly apiserverReusesServingPair: boolean;
  /** Course preset: a separate CA signs etcd's server cert and the apiserver's etcd client cert. */
  readonly separateEtcdCa: boolean;
}

/**
 * The lab cluster of CKA-style courses (one control plane, node01 and node02) with kubeadm's
 * defaults: 10.96.0.0/12, cluster.local, RSA-2048, CA 10 years and leaves 1 year.
 */
export const LAB_CLUSTER: PresetParams = {
  clusterName: 'kubernetes',
  controlPlane: [{ name: 'controlplane', ip: '192.168.56.10' }],
  workers: [
    { name: 'node01', ip: '192.168.56.21' },
    { name: 'node02', ip: '192.168.56.22' },
  ],
  serviceCidr: '10.96.0.0/12',
  dnsDomain: 'cluster.local',
  controlPlaneEndpoint: '',
  extraSans: [],
  keyAlgorithm: 'RSA-2048',
  caValidityDays: 3650,
  leafValidityDays: 365,
  apiserverReusesServingPair: false,
  separateEtcdCa: false,
};

export const PRESET_IDS = ['course', 'kubeadm', 'hardway'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export const PRESET_LABELS: Record<PresetId, string> = {
  course: 'Course',
  kubeadm: 'kubeadm',
  hardway: 'Kubernetes The Hard Way',
};

export function isPresetId(value: unknown): value is PresetId {
  return typeof value === 'string' && (PRESET_IDS as readonly string[]).includes(value);
}

/** Colour-blind-safe (Okabe-Ito) colours, one per CA in the order presets create them. */
export const CA_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'] as const;
