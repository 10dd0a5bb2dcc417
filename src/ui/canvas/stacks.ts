import type { Topology } from '../../topology/model';

/** Hosts drawn as one: the first stands for the rest, its lines marked with how many they are. */
export interface Stack {
  /** The host drawn, first of the stack in the design's order. */
  readonly hostId: string;
  readonly members: readonly string[];
  readonly role: 'control-plane' | 'worker';
}

export interface Stacking {
  /** The topology as drawn: stacked hosts but the first left out, their lines moved onto the first. */
  readonly drawn: Topology;
  /** By the drawn host's id. */
  readonly stacks: ReadonlyMap<string, Stack>;
  /** For each drawn line that stands for several, how many. */
  readonly bundles: ReadonlyMap<string, number>;
  /** For each drawn line that stands for several, their ids: its state is the worst of theirs. */
  readonly members: ReadonlyMap<string, readonly string[]>;
}

/** From this many identical workers on, they are drawn as a stack. */
export const STACK_FROM = 4;
/** Control planes come in 3s and 5s (etcd's quorum); two are drawn each, as a cluster being grown. */
export const STACK_CONTROL_PLANES_FROM = 3;

/**
 * Hosts that are the same but for their names are drawn as one stack: workers (the same
 * components, credentials and lines, with the node's name in them) once there are STACK_FROM of
 * them, so a 50-worker cluster reads like a 3-worker one; control planes (the same components and
 * credentials) from STACK_CONTROL_PLANES_FROM, so an HA cluster reads like a single one. The lines
 * of the hidden members move onto the first, and lines that then coincide (same ends, same
 * credentials up to the node's name) are drawn once, marked with how many they are; etcd's peer
 * lines between stacked control planes become one loop. Nothing is stacked that the person placed
 * by hand, that `expanded` names (by its first host), or that holds what `keepVisible` names
 * unless it is the first (drawn) host.
 */
export function stackHosts(
  topology: Topology,
  placed: ReadonlySet<string>,
  keepVisible: string | null,
  expanded: ReadonlySet<string> = new Set(),
): Stacking {
  const byHost = new Map<string, Topology['components'][number][]>();
  for (const c of topology.components) if (c.hostId) byHost.set(c.hostId, [...(byHost.get(c.hostId) ?? []), c]);
  const credsOf = new Map<string, Topology['credentials'][number][]>();
  for (const cred of topology.credentials) credsOf.set(cred.ownerId, [...(credsOf.get(cred.ownerId) ?? []), cred]);
  const hostOfComponent = new Map(topology.components.map((c) => [c.id as string, c.hostId as string | null]));
  const linesOf = new Map<string, Topology['connections'][number][]>();
  for (const c of topology.connections) {
    for (const end of new Set([hostOfComponent.get(c.clientId), hostOfComponent.get(c.serverId)])) {
      if (end) linesOf.set(end, [...(linesOf.get(end) ?? []), c]);
    }
  }
  const ownerHost = new Map(topology.credentials.map((c) => [c.id as string, hostOfComponent.get(c.ownerId) ?? null]));
  const selectedHost =
    keepVisible === null
      ? null
      : topology.hosts.some((h) => h.id === keepVisible)
        ? keepVisible
        : (hostOfComponent.get(keepVisible) ??
          ownerHost.get(keepVisible) ??
          topology.connections.filter((c) => c.id === keepVisible).map((c) => hostOfComponent.get(c.clientId))[0] ??
          null);

  const anonymous = (host: { name: string; id: string }) => (text: string) =>
    text.split(host.name).join('*').split(host.id).join('*');
  /** The host with its name taken out: two hosts with the same signature differ only by name. */
  const signature = (host: Topology['hosts'][number]): string => {
    const anon = anonymous(host);
    const parts = (byHost.get(host.id) ?? []).map(
      (c) => `${c.kind}|${c.name}|${(credsOf.get(c.id) ?? []).map((x) => anon(`${x.label}|${x.caId}`)).join(',')}`,
    );
    // A control plane's lines differ by design (the first serves every client): they are bundled below instead.
    const lines =
      host.role === 'worker'
        ? (linesOf.get(host.id) ?? [])
            .map((c) => anon(`${c.clientId}>${c.serverId}|${c.clientCredentialId}|${c.serverCredentialId}`))
            .sort()
        : [];
    return `${host.role}#${host.poolSize ?? 1}#${parts.join(';')}#${lines.join(';')}`;
  };
  const groups = new Map<string, string[]>();
  for (const host of topology.hosts) {
    if (placed.has(host.id)) continue;
    const key = signature(host);
    groups.set(key, [...(groups.get(key) ?? []), host.id]);
  }
  const stacks = new Map<string, Stack>();
  const representative = new Map<string, string>();
  const roleOf = new Map(topology.hosts.map((h) => [h.id as string, h.role]));
  for (const group of groups.values()) {
    // A selected host other than the first steps out of its stack, so the selection is drawn.
    const members = group.filter((id, i) => i === 0 || id !== selectedHost);
    const role = roleOf.get(members[0]!)!;
    if (members.length < (role === 'worker' ? STACK_FROM : STACK_CONTROL_PLANES_FROM) || expanded.has(members[0]!))
      continue;
    stacks.set(members[0]!, { hostId: members[0]!, members, role });
    for (const id of members.slice(1)) representative.set(id, members[0]!);
  }
  if (stacks.size === 0) return { drawn: topology, stacks, bundles: new Map(), members: new Map() };

  const hostById = new Map(topology.hosts.map((h) => [h.id as string, h]));
  const componentAt = new Map(topology.components.map((c) => [`${c.hostId}|${c.kind}|${c.name}`, c.id as string]));
  const componentById = new Map(topology.components.map((c) => [c.id as string, c]));
  /** A hidden member's component as the first member's. */
  const repComponent = (id: string): string => {
    const c = componentById.get(id);
    const rep = c?.hostId ? representative.get(c.hostId) : undefined;
    return rep && c ? (componentAt.get(`${rep}|${c.kind}|${c.name}`) ?? id) : id;
  };
  const credentialById = new Map(topology.credentials.map((c) => [c.id as string, c]));
  const credentialAt = new Map(topology.credentials.map((c) => [`${c.ownerId}|${c.label}`, c.id as string]));
  const repCredential = (id: string | null): string | null => {
    if (id === null) return null;
    const cred = credentialById.get(id);
    const host = cred ? hostOfComponent.get(cred.ownerId) : undefined;
    const rep = host ? representative.get(host) : undefined;
    if (!cred || !host || !rep) return id;
    const label = anonymous(hostById.get(host)!)(cred.label).split('*').join(hostById.get(rep)!.name);
    return credentialAt.get(`${repComponent(cred.ownerId)}|${label}`) ?? id;
  };

  const drawnLines = new Map<string, Topology['connections'][number]>();
  const counts = new Map<string, number>();
  const memberIds = new Map<string, string[]>();
  for (const c of topology.connections) {
    const moved = {
      ...c,
      clientId: repComponent(c.clientId) as typeof c.clientId,
      serverId: repComponent(c.serverId) as typeof c.serverId,
      clientCredentialId: repCredential(c.clientCredentialId) as typeof c.clientCredentialId,
      serverCredentialId: repCredential(c.serverCredentialId) as typeof c.serverCredentialId,
    };
    const key = `${moved.clientId}|${moved.serverId}|${moved.clientCredentialId}|${moved.serverCredentialId}`;
    // The first line of a bundle is the one drawn, under its own id, so it can be selected.
    if (!drawnLines.has(key)) drawnLines.set(key, moved);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    memberIds.set(key, [...(memberIds.get(key) ?? []), c.id]);
  }
  const bundles = new Map<string, number>();
  const members = new Map<string, readonly string[]>();
  for (const [key, c] of drawnLines) {
    if (counts.get(key)! < 2) continue;
    bundles.set(c.id, counts.get(key)!);
    members.set(c.id, memberIds.get(key)!);
  }
  const components = topology.components.filter((c) => !(c.hostId && representative.has(c.hostId)));
  const shown = new Set<string>(components.map((c) => c.id));
  return {
    drawn: {
      ...topology,
      hosts: topology.hosts.filter((h) => !representative.has(h.id)),
      components,
      credentials: topology.credentials.filter((c) => shown.has(c.ownerId)),
      connections: [...drawnLines.values()].filter((c) => shown.has(c.clientId) && shown.has(c.serverId)),
    },
    stacks,
    bundles,
    members,
  };
}
