import type { CertificateAuthority, Component, Credential, TlsConnection, Topology } from './model';
import { buildPreset } from './presets';
import type { PresetId, PresetParams } from './presetParams';

/** Changes a person made to one credential of the generated topology. */
export type CredentialPatch = Partial<
  Pick<
    Credential,
    | 'label'
    | 'files'
    | 'kubeconfig'
    | 'caId'
    | 'subject'
    | 'dnsNames'
    | 'ipAddresses'
    | 'validityDays'
    | 'validFromDays'
    | 'serverAuth'
    | 'clientAuth'
  >
> & {
  readonly keyAlgorithm?: Credential['keyAlgorithm'];
};

/** Changes to one of the preset's CAs. */
export type CaPatch = Partial<
  Pick<CertificateAuthority, 'name' | 'certFile' | 'keyFile' | 'subject' | 'validityDays'>
> & {
  /** null makes it a self-signed root again (undefined cannot say so in a saved patch). */
  readonly parentCaId?: CertificateAuthority['parentCaId'] | null;
  readonly pathLength?: number | null;
};

/** Changes to one connection: where the client dials and which CA each side trusts. */
export type ConnectionPatch = Partial<
  Pick<TlsConnection, 'address' | 'port' | 'clientTrustsCaId' | 'serverTrustsCaId'>
>;

/** Everything a person changed on top of the preset, kept apart so the preset can be rebuilt under it. */
export interface DesignEdits {
  readonly credentials: Readonly<Record<string, CredentialPatch>>;
  readonly connections: Readonly<Record<string, ConnectionPatch>>;
  readonly caPatches: Readonly<Record<string, CaPatch>>;
  readonly cas: readonly CertificateAuthority[];
  readonly components: readonly Component[];
  readonly addedCredentials: readonly Credential[];
  readonly addedConnections: readonly TlsConnection[];
  /** Ids of preset components, credentials or connections the person removed. */
  readonly removed: readonly string[];
  /** Where the person put hosts, CAs and components outside every host on the canvas (by dragging), by id. */
  readonly positions?: Readonly<Record<string, CanvasPoint>>;
}

/** A point on the canvas, in its own coordinates. */
export interface CanvasPoint {
  readonly x: number;
  readonly y: number;
}

/**
 * A whole design: a preset, its parameters (hosts, names, addresses, algorithm, validity)
 * and the edits on top. The topology is derived from it, never stored beside it.
 */
export interface Design {
  readonly presetId: PresetId;
  readonly params: PresetParams;
  readonly edits: DesignEdits;
}

export const NO_EDITS: DesignEdits = {
  credentials: {},
  connections: {},
  caPatches: {},
  cas: [],
  components: [],
  addedCredentials: [],
  addedConnections: [],
  removed: [],
};

/** The topology a design describes: the preset's, with the person's edits applied. */
export function topologyOf(design: Design): Topology {
  const base = buildPreset(design.presetId, design.params);
  const { edits } = design;
  const removed = new Set(edits.removed);
  const components = [...base.components, ...edits.components].filter((c) => !removed.has(c.id));
  const present = new Set<string>(components.map((c) => c.id));
  // Removing a component takes its credentials and every connection it takes part in with it.
  const credentials = [...base.credentials, ...edits.addedCredentials]
    .filter((c) => !removed.has(c.id) && present.has(c.ownerId))
    .map((c) => ({ ...c, ...edits.credentials[c.id] }));
  const credentialIds = new Set<string>(credentials.map((c) => c.id));
  const connections = [...base.connections, ...edits.addedConnections]
    .filter((c) => !removed.has(c.id) && present.has(c.clientId) && present.has(c.serverId))
    .map((c) => ({ ...c, ...edits.connections[c.id] }))
    .map((c) => ({
      ...c,
      clientCredentialId: c.clientCredentialId && credentialIds.has(c.clientCredentialId) ? c.clientCredentialId : null,
      serverCredentialId: c.serverCredentialId && credentialIds.has(c.serverCredentialId) ? c.serverCredentialId : null,
    }));
  const cas = [...base.cas.map((ca) => withCaPatch(ca, edits.caPatches[ca.id])), ...edits.cas].filter(
    (ca) => !removed.has(ca.id),
  );
  return { ...base, cas, components, credentials, connections };
}

/** A CA with a person's changes; a null parent or path length removes it. */
export function withCaPatch(ca: CertificateAuthority, patch: CaPatch | undefined): CertificateAuthority {
  if (!patch) return ca;
  const { parentCaId, pathLength, ...rest } = { ...ca, ...patch };
  return {
    ...rest,
    ...(parentCaId != null ? { parentCaId } : {}),
    ...(pathLength != null ? { pathLength } : {}),
  };
}

/** JSON with sorted keys: the same text for the same design, whatever order its keys came in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Two designs are the same when they hold the same values (as JSON holds them: key order and undefined aside). */
export function sameDesign(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
