import { topologyOf, type Design, type DesignEdits } from './design';
import type { Host, Topology } from './model';
import { ipv4ToNumber, numberToIpv4 } from './network';
import type { NodeParams } from './presetParams';

/** The IPv4 address `offset` after `ip`, carrying into higher octets. */
export function addToIpv4(ip: string, offset: number): string {
  const n = ipv4ToNumber(ip) + offset;
  if (n > 0xffffffff) throw new Error(`${ip} + ${offset} leaves the IPv4 space`);
  return numberToIpv4(n);
}

/** Member names and addresses of a pool host: `<name>-1` at its IP, and so on. */
export function poolMembers(host: Pick<Host, 'name' | 'ip' | 'poolSize'>): Array<{ name: string; ip: string }> {
  const size = host.poolSize ?? 1;
  return Array.from({ length: size }, (_, i) => ({ name: `${host.name}-${i + 1}`, ip: addToIpv4(host.ip, i) }));
}

/** The same design with every pool of workers written out as its members. */
function withMembers(design: Design, pool: NodeParams, member: NodeParams | null): Design {
  const workers = design.params.workers.flatMap((w) => {
    if (w !== pool) return [w];
    if (member) return [member];
    return poolMembers({ name: w.name, ip: w.ip, poolSize: w.count }).map(({ name, ip }) => ({ name, ip }));
  });
  return { ...design, params: { ...design.params, workers } };
}

/** Renames the keys of a record whose keys are element ids. */
function remapKeys<T>(record: Readonly<Record<string, T>>, rename: ReadonlyMap<string, string>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([id, value]) => [rename.get(id) ?? id, value]));
}

/**
 * The design with every pool replaced by its members, as generation needs it. The preset
 * builds each member as it builds any node, so names, paths, SANs and ids are right by
 * construction. Edits made to the pool's drawn elements apply to every member: presets are
 * deterministic, so the pool's elements and a member's line up one for one.
 */
export function expandDesign(design: Design): Design {
  let expanded = design;
  for (const pool of design.params.workers.filter((w) => (w.count ?? 1) > 1)) {
    const template = topologyOf(withMembers(design, pool, { name: pool.name, ip: pool.ip }));
    const members = poolMembers({ name: pool.name, ip: pool.ip, poolSize: pool.count });
    const { edits } = design;
    const edited = new Set([...Object.keys(edits.credentials), ...Object.keys(edits.connections), ...edits.removed]);
    const ids = (t: Topology) => [...t.components, ...t.credentials, ...t.connections].map((x) => x.id as string);
    const templateIds = ids(template);
    let memberEdits = { credentials: {}, connections: {}, removed: [] as string[] } as Pick<
      DesignEdits,
      'credentials' | 'connections' | 'removed'
    >;
    if (templateIds.some((id) => edited.has(id))) {
      for (const member of members) {
        const memberIds = ids(topologyOf(withMembers(design, pool, member)));
        const rename = new Map(
          templateIds.map((id, i): [string, string] => [id, memberIds[i] ?? id]).filter(([a, b]) => a !== b),
        );
        memberEdits = {
          credentials: { ...memberEdits.credentials, ...remapKeys(edits.credentials, rename) },
          connections: { ...memberEdits.connections, ...remapKeys(edits.connections, rename) },
          removed: [...memberEdits.removed, ...edits.removed.map((id) => rename.get(id) ?? id)],
        };
      }
    }
    const next = withMembers(expanded, pool, null);
    expanded = {
      ...next,
      edits: {
        ...next.edits,
        credentials: { ...next.edits.credentials, ...memberEdits.credentials },
        connections: { ...next.edits.connections, ...memberEdits.connections },
        removed: [...new Set([...next.edits.removed, ...memberEdits.removed])],
      },
    };
  }
  return expanded;
}

/** How many keys generation will make: pools count once per member. */
export function keyCount(topology: Topology): number {
  const sizeOfHost = new Map(topology.hosts.map((h) => [h.id, h.poolSize ?? 1]));
  const sizeOfOwner = new Map(topology.components.map((c) => [c.id, c.hostId ? (sizeOfHost.get(c.hostId) ?? 1) : 1]));
  const leaves = topology.credentials.reduce((sum, c) => sum + (sizeOfOwner.get(c.ownerId) ?? 1), 0);
  return topology.cas.length + topology.keyPairs.length + leaves;
}

/**
 * The certificate read or made for a drawn element, and the element it belongs to: a pool's
 * element stands for its members, whose certificates carry the member's id (`<id>-1`, ...).
 */
export function elementCertificate(
  certificates: Readonly<Record<string, string>>,
  id: string,
): { pem: string; member: string } | null {
  const own = certificates[id];
  if (own) return { pem: own, member: id };
  const first = `${id}-1`;
  return certificates[first] ? { pem: certificates[first], member: first } : null;
}
