import type { CaId, CertificateAuthority } from './model';

/** The deepest chain of CAs a design may draw: a root, intermediates, and the CA that signs leaves. */
export const MAX_CA_DEPTH = 5;

/** Path lengths a CA may set (basicConstraints pathlen). */
export const MAX_PATH_LENGTH = MAX_CA_DEPTH - 1;

/**
 * A CA and the CAs above it, from `caId` up to its root: the chain a certificate it signs is
 * verified along. Stops at a missing parent or a loop (the design rules refuse both).
 */
export function caChain(caId: string, caById: ReadonlyMap<string, CertificateAuthority>): CertificateAuthority[] {
  const chain: CertificateAuthority[] = [];
  const seen = new Set<string>();
  for (let ca = caById.get(caId); ca && !seen.has(ca.id); ca = ca.parentCaId ? caById.get(ca.parentCaId) : undefined) {
    seen.add(ca.id);
    chain.push(ca);
  }
  return chain;
}

/** The CA of `caId` by id, for chain lookups. */
export function casById(cas: readonly CertificateAuthority[]): Map<string, CertificateAuthority> {
  return new Map(cas.map((ca) => [ca.id as string, ca]));
}

/** Why `parentId` cannot sign the CA `caId`: it is missing, the CA itself, below it, or the chain grows too deep. */
export function parentCaError(
  caId: string,
  parentId: string,
  caById: ReadonlyMap<string, CertificateAuthority>,
): string | null {
  const parent = caById.get(parentId);
  if (!parent) return `its signing CA ${parentId} is not in this design.`;
  const above = caChain(parentId, caById);
  if (above.some((ca) => ca.id === caId))
    return parentId === caId
      ? 'A CA cannot sign itself here: leave it a self-signed root.'
      : `${parent.name} is signed by this CA, so it cannot sign it back (a loop).`;
  const below = depthBelow(caId, caById);
  if (above.length + 1 + below > MAX_CA_DEPTH)
    return `A chain is at most ${MAX_CA_DEPTH} CAs deep here, root included.`;
  return null;
}

/** How many levels of CAs hang below `caId`. */
function depthBelow(caId: string, caById: ReadonlyMap<string, CertificateAuthority>, seen = new Set<string>()): number {
  if (seen.has(caId)) return 0;
  seen.add(caId);
  let depth = 0;
  for (const ca of caById.values())
    if (ca.parentCaId === caId) depth = Math.max(depth, 1 + depthBelow(ca.id, caById, seen));
  return depth;
}

export function checkPathLength(value: number): string | null {
  return Number.isInteger(value) && value >= 0 && value <= MAX_PATH_LENGTH
    ? null
    : `A path length is a whole number from 0 to ${MAX_PATH_LENGTH}.`;
}

/** CAs ordered so that each comes after the CA that signs it: the order they are issued in. */
export function parentsFirst<T extends Pick<CertificateAuthority, 'id' | 'parentCaId'>>(cas: readonly T[]): T[] {
  const ordered: T[] = [];
  const placed = new Set<string>();
  const byId = new Map(cas.map((ca) => [ca.id as string, ca]));
  const place = (ca: T, path: Set<string>) => {
    if (placed.has(ca.id)) return;
    if (path.has(ca.id)) throw new Error(`The CAs ${[...path].join(', ')} sign each other in a loop.`);
    path.add(ca.id);
    const parent = ca.parentCaId ? byId.get(ca.parentCaId) : undefined;
    if (parent) place(parent, path);
    placed.add(ca.id);
    ordered.push(ca);
  };
  for (const ca of cas) place(ca, new Set());
  return ordered;
}

/**
 * The CA of a chain whose path length a certificate signed by `chain[0]` breaks, if any: the
 * CA at index i has i CAs below it in the path, which its pathlen must allow (RFC 5280 6.1.4;
 * Go and OpenSSL check the root's too).
 */
export function pathLengthBreaker(chain: readonly CertificateAuthority[]): CertificateAuthority | null {
  return chain.find((ca, i) => ca.pathLength !== undefined && i > ca.pathLength) ?? null;
}

/** The intermediates a certificate signed by `caId` is sent with: its chain, root left out. */
export function intermediatesOf(caId: CaId, caById: ReadonlyMap<string, CertificateAuthority>): CertificateAuthority[] {
  const chain = caChain(caId, caById);
  return chain.at(-1)?.parentCaId === undefined ? chain.slice(0, -1) : chain;
}

/** Whether a certificate signed by `caId` chains to any of `anchors`: what a peer trusting them accepts. */
export function chainsTo(
  caId: string,
  anchors: ReadonlySet<string>,
  caById: ReadonlyMap<string, CertificateAuthority>,
): boolean {
  return caChain(caId, caById).some((ca) => anchors.has(ca.id));
}
