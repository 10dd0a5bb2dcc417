import { updateCredential } from '../edits';
import {
  commonNameOf,
  organizationsOf,
  withCommonName,
  withOrganizations,
  type NameAttribute,
} from '../../pki/profile';
import type { Credential } from '../model';
import type { CheckContext } from './connectionChecks';
import type { Finding } from './finding';

/** Renew in the last 30 days, as kubeadm's `certs check-expiration` invites. */
export const RENEWAL_WINDOW_DAYS = 30;

const withGroup = (subject: readonly NameAttribute[], group: string) =>
  withOrganizations(subject, [...organizationsOf(subject), group]);

/** Users the default RBAC binds (bootstrappolicy): a control-plane client with another name gets 403. */
const REQUIRED_USER: Partial<Record<string, string>> = {
  'kube-scheduler': 'system:kube-scheduler',
  'kube-controller-manager': 'system:kube-controller-manager',
  'kube-proxy': 'system:kube-proxy',
};

/** Groups that the default bindings, or kubeadm's, make cluster administrators. */
const ADMIN_GROUPS = ['system:masters', 'kubeadm:cluster-admins'];

/** Connections into the API server on which this credential is presented. */
function apiConnections({ index }: CheckContext, credential: Credential): string[] {
  return index
    .dialledWith(credential.id)
    .filter((c) => index.component(c.serverId)?.kind === 'kube-apiserver')
    .map((c) => c.id);
}

/** Kubernetes identity, usages and lifetime of each credential. */
export function checkCredential(credential: Credential, ctx: CheckContext): Finding[] {
  const { topology: t, index } = ctx;
  const findings: Finding[] = [];
  const owner = ctx.component(credential.ownerId);
  const target = { kind: 'credential' as const, id: credential.id };
  const toApi = apiConnections(ctx, credential);
  const cn = commonNameOf(credential.subject);
  const groups = organizationsOf(credential.subject);
  const base = { target, subject: credential.label };

  if (owner?.kind === 'kubelet' && toApi.length > 0) {
    const host = index.host(owner.hostId);
    const expected = host ? `system:node:${host.name}` : null;
    if (expected && cn !== expected) {
      findings.push({
        ...base,
        id: `kubelet-name:${credential.id}`,
        severity: 'error',
        check: 'kubelet-name',
        connectionIds: toApi,
        quote: cn.startsWith('system:node:')
          ? `nodes "${host!.name}" is forbidden: node "${cn.slice('system:node:'.length)}" is not allowed to modify node "${host!.name}"`
          : `Forbidden: User "${cn}" cannot get resource "nodes" in API group "" at the cluster scope`,
        explanation: `The Node authorizer only lets a kubelet act for the node named in its CN, which must be ${expected}.`,
        fix: {
          label: `Set the CN to ${expected}`,
          edit: updateCredential(credential.id, { subject: withCommonName(credential.subject, expected) }),
        },
      });
    }
    if (!groups.includes('system:nodes')) {
      findings.push({
        ...base,
        id: `kubelet-group:${credential.id}`,
        severity: 'error',
        check: 'kubelet-group',
        connectionIds: toApi,
        quote: `Forbidden: User "${cn}" cannot get resource "nodes" in API group "" at the cluster scope`,
        explanation:
          'A kubelet must be in the group system:nodes (O=system:nodes) for the Node authorizer to consider it.',
        fix: {
          label: 'Add O=system:nodes',
          edit: updateCredential(credential.id, { subject: withGroup(credential.subject, 'system:nodes') }),
        },
      });
    }
  }
  const required = owner ? REQUIRED_USER[owner.kind] : undefined;
  if (required && toApi.length > 0 && cn !== required) {
    findings.push({
      ...base,
      id: `rbac-user:${credential.id}`,
      severity: 'error',
      check: 'rbac-user',
      connectionIds: toApi,
      quote: `Forbidden: User "${cn}" cannot list resource "pods" in API group "" at the cluster scope`,
      explanation: `The default RBAC bindings name the user ${required}; any other CN has no permissions.`,
      fix: {
        label: `Set the CN to ${required}`,
        edit: updateCredential(credential.id, { subject: withCommonName(credential.subject, required) }),
      },
    });
  }
  if (owner?.kind === 'admin' && toApi.length > 0 && !groups.some((g) => ADMIN_GROUPS.includes(g))) {
    findings.push({
      ...base,
      id: `admin-rbac:${credential.id}`,
      severity: 'warning',
      check: 'admin-rbac',
      connectionIds: toApi,
      quote: `Error from server (Forbidden): nodes is forbidden: User "${cn}" cannot list resource "nodes" in API group "" at the cluster scope`,
      explanation: `No default binding grants ${cn}${groups.length ? ` or its groups (${groups.join(', ')})` : ''} anything: bind a group to cluster-admin (kubeadm binds kubeadm:cluster-admins) or kubectl is refused.`,
      fix: {
        label: 'Put it in the group kubeadm:cluster-admins',
        edit: updateCredential(credential.id, { subject: withGroup(credential.subject, 'kubeadm:cluster-admins') }),
      },
    });
  }
  if (credential.keyAlgorithm && credential.keyAlgorithm !== t.keyAlgorithm && ctx.presetId === 'kubeadm') {
    findings.push({
      ...base,
      id: `key-algorithm:${credential.id}`,
      severity: 'warning',
      check: 'key-algorithm',
      connectionIds: [],
      quote: `encryptionAlgorithm: ${t.keyAlgorithm}`,
      explanation: `kubeadm makes every key with one ClusterConfiguration.encryptionAlgorithm (${t.keyAlgorithm}); "kubeadm certs renew" would not keep ${credential.keyAlgorithm} for ${credential.label}.`,
      fix: {
        label: `Use ${t.keyAlgorithm} like the rest`,
        edit: updateCredential(credential.id, { keyAlgorithm: undefined }),
      },
    });
  }
  const breakGlass = /super-admin/.test(credential.kubeconfig?.file ?? credential.label);
  if (groups.includes('system:masters') && !breakGlass) {
    findings.push({
      ...base,
      id: `masters:${credential.id}`,
      severity: 'warning',
      check: 'masters',
      connectionIds: toApi,
      quote: 'system:masters bypasses RBAC and cannot be revoked',
      explanation:
        'Only a deliberate break-glass credential should carry O=system:masters; bind an ordinary group to cluster-admin instead (kubeadm uses kubeadm:cluster-admins).',
    });
  }
  if (owner?.kind === 'etcd' && credential.serverAuth !== credential.clientAuth) {
    // What breaks is etcd dialling itself and its peers with this pair, not its clients.
    findings.push({
      ...base,
      id: `etcd-eku:${credential.id}`,
      severity: 'error',
      check: 'etcd-eku',
      connectionIds: index.dialledWith(credential.id).map((c) => c.id),
      quote: 'x509: certificate specifies an incompatible key usage',
      explanation:
        'etcd dials itself and its peers with its server and peer certificates, so they need both serverAuth and clientAuth.',
      fix: {
        label: 'Add both serverAuth and clientAuth',
        edit: updateCredential(credential.id, { serverAuth: true, clientAuth: true }),
      },
    });
  }
  const usedOn = index.presentedOn(credential.id).map((c) => c.id);
  const from = credential.validFromDays ?? 0;
  if (from > 0 || from + credential.validityDays <= 0) {
    findings.push({
      ...base,
      id: `validity:${credential.id}`,
      severity: 'error',
      check: 'validity',
      connectionIds: usedOn,
      quote: 'x509: certificate has expired or is not yet valid',
      explanation:
        from > 0
          ? `${credential.label} only becomes valid ${from} days after it is issued.`
          : `${credential.label} was issued ${-from} days ago and was valid for ${credential.validityDays}: it has expired.`,
      fix: {
        label: `Reissue ${credential.label} from today`,
        edit: updateCredential(credential.id, { validFromDays: 0 }),
      },
    });
  }
  const left = from + credential.validityDays;
  // Only a certificate issued in the past nears its end; one planned short-lived (from today) is by design.
  if (from < 0 && left > 0 && left <= RENEWAL_WINDOW_DAYS) {
    findings.push({
      ...base,
      id: `renewal:${credential.id}`,
      severity: 'warning',
      check: 'renewal',
      connectionIds: usedOn,
      quote: `kubeadm certs check-expiration: ${credential.label} has ${left}d residual time`,
      explanation: `${credential.label} expires in ${left} days: renew it now (kubeadm certs renew), before its connections fail with "certificate has expired".`,
      fix: {
        label: `Renew ${credential.label} from today`,
        edit: updateCredential(credential.id, { validFromDays: 0 }),
      },
    });
  }
  const ca = index.ca(credential.caId);
  if (!ca) {
    findings.push({
      ...base,
      id: `missing-ca:${credential.id}`,
      severity: 'error',
      check: 'missing-ca',
      connectionIds: usedOn,
      quote: 'x509: certificate signed by unknown authority',
      explanation: `The CA that should sign ${credential.label} is not in the design, so it cannot be issued.`,
    });
  } else {
    // The chain fails when any CA on it expires: the root above an intermediate too.
    const shortest = ctx.chain(ca.id).reduce((a, b) => (b.validityDays < a.validityDays ? b : a), ca);
    if (credential.validityDays > shortest.validityDays) {
      findings.push({
        ...base,
        id: `outlives-ca:${credential.id}`,
        severity: 'warning',
        check: 'outlives-ca',
        connectionIds: usedOn,
        quote: 'x509: certificate has expired or is not yet valid',
        explanation: `${credential.label} is valid ${credential.validityDays} days but ${shortest.name} only ${shortest.validityDays}: after the CA expires the chain fails.`,
        fix: {
          label: `Shorten it to ${shortest.validityDays} days`,
          edit: updateCredential(credential.id, { validityDays: shortest.validityDays }),
        },
      });
    }
  }
  return findings;
}
