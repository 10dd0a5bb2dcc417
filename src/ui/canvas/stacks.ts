import type { Topology } from '../../topology/model';

/** Workers drawn as one: the first stands for the rest, its lines marked with how many they are. */
export interface Stack {
  /** The host drawn, first of the stack in the design's order. */
  readonly hostId: string;
  readonly members: readonly string[];
}

export interface Stacking {
  /** The topology as drawn: stacked workers but the first left out, with their components and lines. */
  readonly drawn: Topology;
  /** By the drawn host's id. */
  readonly stacks: ReadonlyMap<string, Stack>;
  /** For each drawn line of a stack, how many lines it stands for. */
  readonly bundles: ReadonlyMap<string, number>;
}

/** From this many identical workers on, they are drawn as a stack. */
export const STACK_FROM = 4;

/**
 * Workers that are the same but for their names (the same components, credentials and lines,
 * with the node's name in them) are drawn as one stack once there are STACK_FROM of them, so a
 * 50-worker cluster reads like a 3-worker one. Nothing is stacked that the person placed by hand
 * or that holds what `keepVisible` names (the selection).
 */
export function stackWorkers(topology: Topology, placed: ReadonlySet<string>, keepVisible: string | null): Stacking {
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
  const selectedHost = keepVisible === null ? null
    : topology.hosts.some((h) => h.id === keepVisible) ? keepVisible
      : hostOfComponent.get(keepVisible) ?? ownerHost.get(keepVisible)
        ?? topology.connections.filter((c) => c.id === keepVisible).map((c) => hostOfComponent.get(c.clientId))[0] ?? null;

  /** The host with its name taken out: two workers with the same signature differ only by name. */
  const signature = (host: Topology['hosts'][number]): string => {
    const anon = (text: string) => text.split(host.name).join('*').split(host.id).join('*');
    const parts = (byHost.get(host.id) ?? []).map((c) => `${c.kind}|${c.name}|${(credsOf.get(c.id) ?? []).map((x) => anon(`${x.label}|${x.caId}`)).join(',')}`);
    const lines = (linesOf.get(host.id) ?? []).map((c) => anon(`${c.clientId}>${c.serverId}|${c.clientCredentialId}|${c.serverCredentialId}`)).sort();
    return `${host.poolSize ?? 1}#${parts.join(';')}#${lines.join(';')}`;
  };
  const groups = new Map<string, string[]>();
  for (const host of topology.hosts) {
    if (host.role !== 'worker' || placed.has(host.id) || host.id === selectedHost) continue;
    const key = signature(host);
    groups.set(key, [...(groups.get(key) ?? []), host.id]);
  }
  const stacks = new Map<string, Stack>();
  const hidden = new Set<string>();
  for (const members of groups.values()) {
    if (members.length < STACK_FROM) continue;
    stacks.set(members[0]!, { hostId: members[0]!, members });
    for (const id of members.slice(1)) hidden.add(id);
  }
  if (stacks.size === 0) return { drawn: topology, stacks, bundles: new Map() };
  const components = topology.components.filter((c) => !(c.hostId && hidden.has(c.hostId)));
  const shown = new Set<string>(components.map((c) => c.id));
  const bundles = new Map<string, number>();
  for (const stack of stacks.values()) for (const c of linesOf.get(stack.hostId) ?? []) bundles.set(c.id, stack.members.length);
  return {
    drawn: {
      ...topology,
      hosts: topology.hosts.filter((h) => !hidden.has(h.id)),
      components,
      credentials: topology.credentials.filter((c) => shown.has(c.ownerId)),
      connections: topology.connections.filter((c) => shown.has(c.clientId) && shown.has(c.serverId)),
    },
    stacks,
    bundles,
  };
}
