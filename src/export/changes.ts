import { parentsFirst } from '../topology/caChain';
import { topologyOf, type Design } from '../topology/design';
import type { CertificateAuthority, Credential, Topology } from '../topology/model';
import { bundlePlan } from './bundlePlan';
import type { BundleOptions } from './layouts';

/** Why a certificate must be made again. */
export type ReissueReason =
  | 'new'
  | 'subject'
  | 'SANs'
  | 'usages'
  | 'path length'
  | 'validity'
  | 'key algorithm'
  | 'signing CA'
  | 'its CA is made again';

export interface CertificateChange {
  readonly id: string;
  readonly label: string;
  readonly reasons: readonly ReissueReason[];
}

/** What an edit means for a cluster that already has the last bundle's (or the import's) files. */
export interface Changes {
  /** CAs and leaves whose certificate must be issued again (or for the first time). */
  readonly reissue: readonly CertificateChange[];
  /** Certificates the design no longer has: their files come off the hosts. */
  readonly removed: readonly { readonly id: string; readonly label: string }[];
  /** Hosts (or the workstation) that must receive files they do not have as they are. */
  readonly hosts: readonly string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A credential as a person finds it: its label, and the host it is on when many hosts have one alike. */
function nameOf(t: Topology, credential: Credential): string {
  const hostId = t.components.find((c) => c.id === credential.ownerId)?.hostId;
  const host = hostId ? t.hosts.find((h) => h.id === hostId)?.name : undefined;
  return host ? `${credential.label} on ${host}` : credential.label;
}
const sorted = (values: readonly string[]) => [...new Set(values)].sort();

function caReasons(
  before: CertificateAuthority,
  after: CertificateAuthority,
  algorithmChanged: boolean,
  remade: ReadonlySet<string>,
): ReissueReason[] {
  const reasons: ReissueReason[] = [];
  if (!same(before.subject, after.subject)) reasons.push('subject');
  if (!same(sorted(before.dnsNames), sorted(after.dnsNames))) reasons.push('SANs');
  if (before.pathLength !== after.pathLength) reasons.push('path length');
  if (before.validityDays !== after.validityDays) reasons.push('validity');
  if (algorithmChanged) reasons.push('key algorithm');
  if (before.parentCaId !== after.parentCaId) reasons.push('signing CA');
  else if (after.parentCaId !== undefined && remade.has(after.parentCaId)) reasons.push('its CA is made again');
  return reasons;
}

function leafReasons(
  before: Credential,
  after: Credential,
  t0: Topology,
  t1: Topology,
  remade: ReadonlySet<string>,
): ReissueReason[] {
  const reasons: ReissueReason[] = [];
  if (!same(before.subject, after.subject)) reasons.push('subject');
  if (!same(sorted(before.dnsNames), sorted(after.dnsNames)) || !same(before.ipAddresses, after.ipAddresses))
    reasons.push('SANs');
  if (before.serverAuth !== after.serverAuth || before.clientAuth !== after.clientAuth) reasons.push('usages');
  if (before.validityDays !== after.validityDays || (before.validFromDays ?? 0) !== (after.validFromDays ?? 0))
    reasons.push('validity');
  if ((before.keyAlgorithm ?? t0.keyAlgorithm) !== (after.keyAlgorithm ?? t1.keyAlgorithm))
    reasons.push('key algorithm');
  if (before.caId !== after.caId) reasons.push('signing CA');
  else if (remade.has(after.caId)) reasons.push('its CA is made again');
  return reasons;
}

/**
 * What must change on a running cluster when `before` (the design the last bundle or import was
 * made for) becomes `after`: the certificates to issue again and why (a new name, SAN, usage,
 * validity, algorithm or signer, or a CA made again), those that go away, and the hosts that must
 * receive new files, read from the two bundles' plans (certificates, keys, kubeconfigs, and CA
 * certificates a host now needs). A file whose content is the same need not travel.
 */
export function changesSince(before: Design, after: Design, externalCa: boolean): Changes {
  const [t0, t1] = [topologyOf(before), topologyOf(after)];
  const algorithmChanged = t0.keyAlgorithm !== t1.keyAlgorithm;
  const cas0 = new Map(t0.cas.map((c) => [c.id as string, c]));
  const reissue: CertificateChange[] = [];
  const remade = new Set<string>();
  // Parents first: an intermediate is made again with the CA that signs it.
  for (const ca of parentsFirst(t1.cas)) {
    const was = cas0.get(ca.id);
    const reasons: ReissueReason[] = was ? caReasons(was, ca, algorithmChanged, remade) : ['new'];
    if (reasons.length > 0) {
      remade.add(ca.id);
      reissue.push({ id: ca.id, label: ca.name, reasons });
    }
  }
  const creds0 = new Map(t0.credentials.map((c) => [c.id as string, c]));
  for (const cred of t1.credentials) {
    const was = creds0.get(cred.id);
    const reasons = was ? leafReasons(was, cred, t0, t1, remade) : ['new' as const];
    if (reasons.length > 0) reissue.push({ id: cred.id, label: nameOf(t1, cred), reasons });
  }
  const kept = new Set<string>([...t1.cas, ...t1.credentials].map((x) => x.id));
  const removed = [
    ...t0.cas.map((c) => ({ id: c.id as string, label: c.name })),
    ...t0.credentials.map((c) => ({ id: c.id as string, label: nameOf(t0, c) })),
  ].filter((x) => !kept.has(x.id));

  // A host needs a file it does not hold as it is: one whose element is made again, or a path it did not have.
  const changed = new Set(reissue.map((r) => r.id));
  // Hosts are hosts whatever the zip's layout: the per-host plan says which needs what.
  const options: BundleOptions = { layout: 'per-host', externalCa };
  const plan0 = bundlePlan(t0, options);
  const plan1 = bundlePlan(t1, options);
  const held = new Set(plan0.files.map((f) => `${f.path}\u0000${plan0.sources.get(f.source)!.elementId}`));
  const kubeconfigChanged = new Set(
    t1.credentials
      .filter((c) => c.kubeconfig && !same(c.kubeconfig, creds0.get(c.id)?.kubeconfig))
      .map((c) => c.id as string),
  );
  const hosts = new Set<string>();
  for (const f of plan1.files) {
    const source = plan1.sources.get(f.source)!;
    const newHere = !held.has(`${f.path}\u0000${source.elementId}`);
    const remadeHere = changed.has(source.elementId) && source.kind !== 'public-key' && source.kind !== 'private-key';
    if (newHere || remadeHere || (source.kind === 'kubeconfig' && kubeconfigChanged.has(source.elementId))) {
      hosts.add(f.folder.replace(/\/$/, '') || 'bundle root');
    }
  }
  return { reissue, removed, hosts: [...hosts] };
}
