import type { Finding } from './checks/finding';
import { trustedCaOf, verifierOf } from './checks/connectionChecks';
import { validateTopology } from './checks/validateTopology';
import type { CaId, CertificateAuthority, Component, Credential, Topology } from './model';

/**
 * Who switches together in a CA rotation. Hosts switch as a whole, since their components read
 * the same files; people's kubeconfigs are handed out apart.
 */
export type RotationScope = 'control-planes' | 'workers' | 'people';

/**
 * One step of the Kubernetes "manual rotation of CA certificates" procedure: trust the old and
 * the new CA, present certificates the new CA signed, then trust the new CA alone.
 */
export type RotationAction = 'trust-both' | 'present-new' | 'trust-new';

export interface RotationStep {
  readonly scope: RotationScope;
  readonly action: RotationAction;
}

/** What a scope trusts and presents at some point of the rotation. */
export interface ScopeState {
  readonly trust: 'old' | 'both' | 'new';
  readonly present: 'old' | 'new';
}

export type RotationState = Readonly<Record<RotationScope, ScopeState>>;

export const SCOPES: readonly RotationScope[] = ['control-planes', 'workers', 'people'];

export const BEFORE_ROTATION: RotationState = {
  'control-planes': { trust: 'old', present: 'old' },
  workers: { trust: 'old', present: 'old' },
  people: { trust: 'old', present: 'old' },
};

/** The procedure's order: everyone trusts both, then everyone presents new, then the old CA goes. */
const PROCEDURE: readonly RotationStep[] = [
  ...SCOPES.map((scope) => ({ scope, action: 'trust-both' as const })),
  ...SCOPES.map((scope) => ({ scope, action: 'present-new' as const })),
  ...SCOPES.map((scope) => ({ scope, action: 'trust-new' as const })),
];

export const SCOPE_NAMES: Readonly<Record<RotationScope, string>> = {
  'control-planes': 'Control planes',
  workers: 'Workers',
  people: "People's kubeconfigs",
};

/** A step in words, as the planner and the runbook title it. */
export function stepTitle(step: RotationStep, ca: CertificateAuthority): string {
  const who = SCOPE_NAMES[step.scope];
  if (step.action === 'trust-both') return `${who}: trust the old and the new ${ca.name}`;
  if (step.action === 'present-new') return `${who}: present certificates signed by the new ${ca.name}`;
  return `${who}: trust the new ${ca.name} alone`;
}

/** Where a component stands in the rotation: with its host; kube-proxy drawn outside the hosts runs on every node, most of them workers. */
export function scopeOf(topology: Topology, component: Component): RotationScope {
  if (component.hostId === null) return component.kind === 'kube-proxy' ? 'workers' : 'people';
  return topology.hosts.find((h) => h.id === component.hostId)?.role === 'worker' ? 'workers' : 'control-planes';
}

/** Why a CA cannot be rotated here, or null when it can. */
export function rotationRefusal(topology: Topology, caId: string): string | null {
  const ca = topology.cas.find((c) => c.id === caId);
  if (!ca) return 'That CA is not in the design.';
  if (ca.parentCaId)
    return `${ca.name} is an intermediate: issue a new one under the same root and the peers that trust the root need no change. This planner rotates roots.`;
  if (topology.cas.some((c) => c.parentCaId === ca.id))
    return `${ca.name} signs other CAs: rotate those intermediates first, or re-sign them under a new root by hand.`;
  return null;
}

/** The id the new CA takes in a phase's design, beside the old one. */
export const newCaId = (caId: string) => `${caId}~new` as CaId;

/** The scopes that take part in rotating a CA: those that present a certificate it signs or trust it. */
export function scopesOf(topology: Topology, caId: string): Set<RotationScope> {
  const scopes = scopeIndex(topology);
  const found = new Set<RotationScope>();
  const add = (scope: RotationScope | null) => scope && found.add(scope);
  for (const cred of topology.credentials) if (cred.caId === caId) add(scopes.credential(cred));
  for (const c of topology.connections) {
    if (c.clientTrustsCaId === caId) add(scopes.component(c.clientId));
    if (c.serverTrustsCaId === caId) add(scopes.component(c.serverId));
  }
  return found;
}

/** The recommended order for rotating a CA, with the steps of scopes it does not touch left out. */
export function recommendedOrder(topology: Topology, caId: string): RotationStep[] {
  const scopes = scopesOf(topology, caId);
  return PROCEDURE.filter((s) => scopes.has(s.scope));
}

/** Where each scope stands after the first `count` steps. */
export function stateAfter(steps: readonly RotationStep[], count: number): RotationState {
  const state: Record<RotationScope, ScopeState> = { ...BEFORE_ROTATION };
  for (const step of steps.slice(0, count)) {
    const was = state[step.scope];
    state[step.scope] =
      step.action === 'present-new'
        ? { ...was, present: 'new' }
        : { ...was, trust: step.action === 'trust-both' ? 'both' : 'new' };
  }
  return state;
}

/** The owner scope of every credential and component of a design, for a phase. */
export function scopeIndex(topology: Topology): {
  component(id: string): RotationScope | null;
  credential(c: Credential): RotationScope | null;
} {
  const scopes = new Map(topology.components.map((c) => [c.id as string, scopeOf(topology, c)]));
  return { component: (id) => scopes.get(id) ?? null, credential: (c) => scopes.get(c.ownerId) ?? null };
}

/**
 * The design as it stands at a phase: the new CA beside the old one (each named so), and every
 * certificate the rotating CA signs pointed at the new CA where its owner already presents new.
 */
export function phaseTopology(
  topology: Topology,
  caId: string,
  state: RotationState,
  scopes = scopeIndex(topology),
): Topology {
  const ca = topology.cas.find((c) => c.id === caId)!;
  return {
    ...topology,
    cas: [
      ...topology.cas.map((c) => (c.id === caId ? { ...c, name: `${c.name} (old)` } : c)),
      {
        ...ca,
        id: newCaId(caId),
        name: `${ca.name} (new)`,
        certFile: `${ca.certFile}.new`,
        keyFile: `${ca.keyFile}.new`,
      },
    ],
    credentials: topology.credentials.map((c) => {
      const scope = scopes.credential(c);
      return c.caId === caId && scope && state[scope].present === 'new' ? { ...c, caId: newCaId(caId) } : c;
    }),
  };
}

/** A phase of a rotation, checked: the connections that would fail once its step is done. */
export interface CheckedPhase {
  readonly step: RotationStep;
  readonly title: string;
  /** Errors on connections this phase brings that the design did not already have. */
  readonly failing: readonly Finding[];
  /** How many connections handshake at this phase, of how many. */
  readonly working: number;
  readonly total: number;
}

/**
 * Runs the design's own handshake and identity checks at every phase of a rotation, with what
 * each side holds then: a server that presents a new certificate before its clients trust the
 * new CA fails there, with the same quoted error the real client logs.
 */
export function checkRotation(
  topology: Topology,
  caId: string,
  steps: readonly RotationStep[],
  presetId: string | null = null,
): CheckedPhase[] {
  const ca = topology.cas.find((c) => c.id === caId);
  if (!ca) return [];
  const errorIds = (findings: readonly Finding[]) =>
    new Set(findings.filter((f) => f.severity === 'error').map((f) => f.id));
  const before = errorIds(validateTopology(topology, presetId));
  const scopes = scopeIndex(topology);
  const versions = { old: [caId], new: [newCaId(caId)], both: [caId, newCaId(caId)] } as const;
  const words = { old: `${ca.name} (old)`, new: `${ca.name} (new)`, both: `${ca.name} (old and new)` } as const;
  return steps.map((step, i) => {
    const state = stateAfter(steps, i + 1);
    const at = phaseTopology(topology, caId, state, scopes);
    const trustOf = (componentId: string) => {
      const scope = scopes.component(componentId);
      return scope ? state[scope].trust : 'old';
    };
    const findings = validateTopology(at, presetId, {
      trusted: (c, side) => {
        const id = trustedCaOf(c, side);
        if (id === null) return new Set();
        return new Set(id === caId ? versions[trustOf(verifierOf(c, side))] : [id]);
      },
      trustName: (c, side) => {
        const id = trustedCaOf(c, side);
        if (id !== caId) return at.cas.find((x) => x.id === id)?.name ?? 'no CA';
        return words[trustOf(verifierOf(c, side))];
      },
    });
    const failing = findings.filter((f) => f.severity === 'error' && f.connectionIds.length > 0 && !before.has(f.id));
    const broken = new Set(failing.flatMap((f) => f.connectionIds));
    return {
      step,
      title: stepTitle(step, ca),
      failing,
      working: topology.connections.length - broken.size,
      total: topology.connections.length,
    };
  });
}
