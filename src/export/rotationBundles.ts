import { createCa, type IssuedCredential } from '../pki/issue';
import { issueLeaf } from '../pki/issue';
import type { CaId, Topology } from '../topology/model';
import {
  BEFORE_ROTATION,
  scopeIndex,
  stateAfter,
  stepTitle,
  type RotationScope,
  type RotationState,
  type RotationStep,
} from '../topology/rotation';
import { designContents } from './bundle';
import type { BundleFile } from './bundleFile';
import { bundlePlan, WORKSTATION } from './bundlePlan';
import { keyPairOfPem, leafProfile, type GeneratedPki } from './generate';
import type { IssuedPems } from './leafSigning';

/** The new CA and every certificate it signs in place of the old one, each with the key it had. */
export interface RotatedPki {
  readonly ca: IssuedCredential;
  readonly leaves: ReadonlyMap<string, IssuedPems>;
}

/**
 * Makes the new CA (same subject, validity and path length, a new key) and re-signs under it
 * every certificate the old one signed, with the same subject, SANs, usages and key: a rotation
 * changes who vouches for a component, not the component.
 */
export async function rotatePki(
  topology: Topology,
  current: GeneratedPki,
  caId: CaId,
  now = new Date(),
): Promise<RotatedPki> {
  const ca = topology.cas.find((c) => c.id === caId);
  if (!ca) throw new Error(`${caId} is not a CA of this design`);
  const newCa = await createCa(
    {
      subject: ca.subject,
      isCa: true,
      serverAuth: false,
      clientAuth: false,
      dnsNames: ca.dnsNames,
      ipAddresses: [],
      validityDays: ca.validityDays,
      ...(ca.pathLength !== undefined ? { pathLength: ca.pathLength } : {}),
    },
    topology.keyAlgorithm,
    now,
  );
  const leaves = new Map<string, IssuedPems>();
  for (const cred of topology.credentials) {
    if (cred.caId !== caId) continue;
    const old = current.credentials.get(cred.id);
    if (!old) throw new Error(`${cred.label} was not in the current bundle`);
    const issued = await issueLeaf(
      leafProfile(cred),
      cred.keyAlgorithm ?? topology.keyAlgorithm,
      newCa,
      now,
      await keyPairOfPem(old.keyPem),
    );
    leaves.set(cred.id, { certPem: issued.certPem, keyPem: old.keyPem });
  }
  return { ca: newCa, leaves };
}

/** One phase's download: only the files that change, in each host's folder. */
export interface PhaseBundle {
  /** 1 for the first step. */
  readonly number: number;
  readonly step: RotationStep;
  readonly title: string;
  /** Per host: `<host>/<path under /etc/kubernetes>`, as the per-host layout has them. */
  readonly files: readonly BundleFile[];
  /** The folders (hosts, or the workstation) that receive files. */
  readonly hosts: readonly string[];
}

export interface RotationBundles {
  /** What the hosts hold before the rotation, every file, per host. */
  readonly start: readonly BundleFile[];
  readonly phases: readonly PhaseBundle[];
}

/**
 * The PKI as one scope sees it at a rotation state: the rotating CA's certificate file holds
 * what that scope trusts, the CA it signs with first (the controller-manager's
 * --cluster-signing-cert-file reads the first), and its key file that CA's key, so the two
 * always match, whatever the order; each certificate is the old or the new one as its owner presents.
 */
function viewOf(
  topology: Topology,
  current: GeneratedPki,
  rotated: RotatedPki,
  caId: CaId,
  state: RotationState,
  scope: RotationScope,
): GeneratedPki {
  const scopes = scopeIndex(topology);
  const old = current.cas.get(caId)!;
  const { trust, present } = state[scope];
  const trusted = trust === 'both' ? [old, rotated.ca] : [trust === 'new' ? rotated.ca : old];
  // Signing with the new CA while the file trusts only the old (a wrong order) keeps the old pair.
  const signing = trusted.find((ca) => ca === (present === 'new' ? rotated.ca : old)) ?? trusted[0]!;
  const pems = [signing, ...trusted.filter((ca) => ca !== signing)].map((ca) => ca.certPem);
  const credentials = new Map(current.credentials);
  for (const cred of topology.credentials) {
    const owner = scopes.credential(cred);
    const renewed = rotated.leaves.get(cred.id);
    if (renewed && owner && state[owner].present === 'new') credentials.set(cred.id, renewed);
  }
  return {
    ...current,
    cas: new Map(current.cas).set(caId, { ...signing, certPem: pems.join('') as IssuedCredential['certPem'] }),
    credentials,
  };
}

/**
 * Every phase's files for the rotation of `caId` in the order `steps`, laid out per host: each
 * file is written as its reader would hold it then (a CA file as its host's scope trusts, a
 * certificate or kubeconfig as its owner's scope presents and trusts), and a phase holds only
 * the files whose content differs from the phase before.
 */
export function rotationBundles(
  topology: Topology,
  caId: CaId,
  steps: readonly RotationStep[],
  current: GeneratedPki,
  rotated: RotatedPki,
): RotationBundles {
  const plan = bundlePlan(topology, { layout: 'per-host', externalCa: false });
  const scopes = scopeIndex(topology);
  const roleOf = new Map(topology.hosts.map((h) => [`${h.name}/`, h.role]));
  const credentials = new Map(topology.credentials.map((c) => [c.id as string, c]));
  const readerScope = plan.files.map((f): RotationScope => {
    const source = plan.sources.get(f.source)!;
    const credential = credentials.get(source.elementId);
    const owner = credential ? scopes.credential(credential) : null;
    if (owner) return owner;
    if (f.folder === `${WORKSTATION}/`) return 'people';
    return roleOf.get(f.folder) === 'worker' ? 'workers' : 'control-planes';
  });
  const filesAt = (state: RotationState): BundleFile[] => {
    const views = new Map<RotationScope, Map<string, string>>();
    const contentIn = (scope: RotationScope) =>
      views.get(scope) ??
      views.set(scope, designContents(topology, viewOf(topology, current, rotated, caId, state, scope))).get(scope)!;
    return plan.files.map((f, i) => ({
      path: f.path,
      content: contentIn(readerScope[i]!).get(f.source)!,
      mode: f.mode,
    }));
  };
  const start = filesAt(BEFORE_ROTATION);
  const ca = topology.cas.find((c) => c.id === caId)!;
  let before = start;
  const phases = steps.map((step, i) => {
    const now = filesAt(stateAfter(steps, i + 1));
    const files = now.filter((f, j) => f.content !== before[j]!.content);
    before = now;
    const hosts = [...new Set(files.map((f) => f.path.slice(0, f.path.indexOf('/'))))];
    return { number: i + 1, step, title: stepTitle(step, ca), files, hosts };
  });
  return { start, phases };
}
