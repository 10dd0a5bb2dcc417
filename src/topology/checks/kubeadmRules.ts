import type { Design } from '../design';
import { topologyOf } from '../design';
import { nextIp, updateParams, usedIps } from '../edits';
import type { Finding } from './finding';

/**
 * kubeadm's own refusals, on the design's parameters: `kubeadm join --control-plane` will not add
 * a second control plane to a cluster that has no controlPlaneEndpoint (a load balancer or DNS
 * name in front of the API servers), since every kubeconfig would name the first node alone.
 */
export function kubeadmFindings(design: Design): Finding[] {
  const p = design.params;
  if (design.presetId !== 'kubeadm' || p.controlPlane.length < 2 || p.controlPlaneEndpoint !== '') return [];
  const topology = topologyOf(design);
  const first = `host:${p.controlPlane[0]!.name}`;
  const joining = new Set<string>(
    topology.components
      .filter(
        (c) =>
          c.hostId && c.hostId !== first && topology.hosts.some((h) => h.id === c.hostId && h.role === 'control-plane'),
      )
      .map((c) => c.id),
  );
  const vip = nextIp(usedIps(design));
  return [
    {
      id: 'kubeadm-endpoint:params',
      severity: 'error',
      check: 'kubeadm-endpoint',
      target: { kind: 'credential', id: `cred:apiserver@${p.controlPlane[0]!.name}` },
      connectionIds: topology.connections.filter((c) => joining.has(c.clientId)).map((c) => c.id),
      subject: `${p.controlPlane.length} control-plane nodes`,
      quote:
        "unable to add a new control plane instance to a cluster that doesn't have a stable controlPlaneEndpoint address",
      explanation:
        'kubeadm join --control-plane needs a load balancer or DNS name in front of the API servers (Control-plane endpoint); without it every kubeconfig names the first node alone.',
      fix: { label: `Put a load balancer at ${vip}:6443`, edit: updateParams({ controlPlaneEndpoint: `${vip}:6443` }) },
    },
  ];
}
