import { MarkerType, type Edge, type Node } from '@xyflow/react';
import type { TlsConnection, Topology } from '../../topology/model';
import { findingsByConnection, stateOf, type ConnectionState, type Finding } from '../../topology/checks/finding';
import { hostTitle, type Box, type Layout, type Point, type Route } from './layout';
import type { Placement } from './labels';
import { roleOf, type ComponentRole } from './sizes';
import type { Stack, Stacking } from './stacks';

export interface CredentialChip {
  readonly id: string;
  readonly label: string;
  readonly color: string;
  readonly caName: string;
  readonly selected: boolean;
  /** Where the diagram's keyboard cursor is. */
  readonly focused?: boolean;
  /** Drawn from the preset because an import held no certificate for it. */
  readonly filledIn?: boolean;
}

export type { ComponentRole };

export type HostNodeData = {
  /** The title lines, as hostTitle writes them (the layout sized the host for them). */
  name: string;
  role: string;
  meta: string;
  poolSize: number;
  /** Drawn for several identical hosts: how many, the last one's name, and whether the person may expand it. */
  stack: { count: number; last: string } | null;
  /** The first host of a stack the person opened: it offers to stack them again. */
  restack?: boolean;
};
export type ComponentNodeData = {
  name: string;
  kind: string;
  role: ComponentRole;
  chips: CredentialChip[];
  hostId: string | null;
  /** Credentials it holds whose chips are not drawn at this level of detail. */
  hiddenChips: number;
};
export type CaNodeData = {
  name: string;
  file: string;
  color: string;
  signs: number;
  /** The CA that signs this intermediate, by name; null for a root. */
  under: string | null;
};
export type TlsEdgeData = {
  label: string;
  description: string;
  color: string;
  route: Route | null;
  emphasized: boolean;
  /** How many lines this one stands for when workers are stacked. */
  bundle: number;
  /** The client shows no certificate (a ServiceAccount token): the line is dotted. */
  token: boolean;
  /** Where the label goes when every label is shown (null where none fits), and when only the selection's are (always placed, see view.ts). */
  labelAll: Placement | null;
  labelFocus: Placement | null;
  badge: Point | null;
  /** Outside the selection's focus: drawn faint, label too. */
  dimmed?: boolean;
  state: ConnectionState;
  problem: string | null;
};

export type HostFlowNode = Node<HostNodeData, 'host'>;
export type ComponentFlowNode = Node<ComponentNodeData, 'component'>;
export type CaFlowNode = Node<CaNodeData, 'ca'>;
/** An invisible node as large as everything drawn, so the fitted view holds the lines that loop outside the hosts. */
export type ExtentFlowNode = Node<Record<string, never>, 'extent'>;
export type FlowNode = HostFlowNode | ComponentFlowNode | CaFlowNode | ExtentFlowNode;
export type TlsFlowEdge = Edge<TlsEdgeData, 'tls'>;

const UNPLACED: Box = { x: 0, y: 0, width: 0, height: 0 };

/** The one mapping from the domain model to React Flow nodes and edges. */
/** Whether a connection is one of the selection's: the selection is it, one of its ends, or a credential it uses. */
export function touches(c: TlsConnection, selectedId: string | null): boolean {
  return (
    selectedId !== null &&
    ([c.id, c.clientId, c.serverId, c.clientCredentialId, c.serverCredentialId] as Array<string | null>).includes(
      selectedId,
    )
  );
}

export interface LabelPlacements {
  readonly all: ReadonlyMap<string, Placement>;
  readonly focus: ReadonlyMap<string, Placement>;
  /** Where a failing or warning line's badge goes when its label is not shown. */
  readonly badge: ReadonlyMap<string, Point>;
}

const NO_LABELS: LabelPlacements = { all: new Map(), focus: new Map(), badge: new Map() };

export function toFlow(
  topology: Topology,
  { boxes, routes, extent, chipsShown }: Layout,
  selectedId: string | null = null,
  findings: readonly Finding[] = [],
  labels = NO_LABELS,
  stacking: Pick<Stacking, 'stacks' | 'bundles' | 'members'> = {
    stacks: new Map(),
    bundles: new Map(),
    members: new Map(),
  },
  filledIn: ReadonlySet<string> = new Set(),
): { nodes: FlowNode[]; edges: TlsFlowEdge[] } {
  const stackData = (stack: Stack | undefined) =>
    stack ? { count: stack.members.length, last: stack.members.at(-1)!.replace(/^host:/, '') } : null;
  const caById = new Map(topology.cas.map((ca) => [ca.id, ca]));
  const credById = new Map(topology.credentials.map((c) => [c.id, c]));
  const findingsOn = findingsByConnection(findings);
  const box = (id: string) => boxes.get(id) ?? UNPLACED;
  const nodes: FlowNode[] = [
    {
      id: 'extent',
      type: 'extent',
      position: { x: extent.x, y: extent.y },
      width: extent.width,
      height: extent.height,
      data: {},
      selectable: false,
      focusable: false,
      draggable: false,
      zIndex: -1,
      ariaRole: 'presentation',
      style: { pointerEvents: 'none' },
    },
  ];
  for (const ca of topology.cas) {
    const b = box(ca.id);
    nodes.push({
      id: ca.id,
      type: 'ca',
      position: { x: b.x, y: b.y },
      width: b.width,
      height: b.height,
      draggable: true,
      data: {
        name: ca.name,
        file: ca.certFile,
        color: ca.color,
        signs: topology.credentials.filter((c) => c.caId === ca.id).length,
        under: ca.parentCaId ? (caById.get(ca.parentCaId)?.name ?? null) : null,
      },
    });
  }
  for (const host of topology.hosts) {
    const b = box(host.id);
    nodes.push({
      id: host.id,
      type: 'host',
      position: { x: b.x, y: b.y },
      width: b.width,
      height: b.height,
      draggable: true,
      data: {
        ...hostTitle(host, stackData(stacking.stacks.get(host.id))),
        role: host.role,
        poolSize: host.poolSize ?? 1,
        stack: stackData(stacking.stacks.get(host.id)),
      },
    });
  }
  const owned = new Map<string, CredentialChip[]>();
  for (const c of topology.credentials) {
    const chip = {
      id: c.id,
      label: c.label,
      color: caById.get(c.caId)?.color ?? 'gray',
      caName: caById.get(c.caId)?.name ?? 'unknown CA',
      selected: c.id === selectedId,
      ...(filledIn.has(c.id) ? { filledIn: true } : {}),
    };
    owned.set(c.ownerId, [...(owned.get(c.ownerId) ?? []), chip]);
  }
  const serving = new Set<string>(topology.connections.map((c) => c.serverId));
  const dialing = new Set<string>(topology.connections.map((c) => c.clientId));
  for (const component of topology.components) {
    const b = box(component.id);
    const held = owned.get(component.id) ?? [];
    const chips = chipsShown.has(component.id) ? held : [];
    nodes.push({
      id: component.id,
      type: 'component',
      position: { x: b.x, y: b.y },
      width: b.width,
      height: b.height,
      // A component moves with its host; one outside every host is a box of its own, placed by dragging.
      ...(component.hostId
        ? { parentId: component.hostId, extent: 'parent' as const, draggable: false }
        : { draggable: true }),
      data: {
        name: component.name,
        kind: component.kind,
        role: roleOf(serving.has(component.id), dialing.has(component.id)),
        chips,
        hostId: component.hostId,
        hiddenChips: held.length - chips.length,
      },
    });
  }
  const edges: TlsFlowEdge[] = topology.connections.map((c) => {
    const client = c.clientCredentialId ? credById.get(c.clientCredentialId) : undefined;
    const server = c.serverCredentialId ? credById.get(c.serverCredentialId) : undefined;
    // The colour of the CA that signs what is verified: the server's certificate when the client checks
    // it, else the client's when the server asks for one; grey when neither side verifies a certificate.
    const verified = server && c.clientTrustsCaId ? server : client && c.serverTrustsCaId ? client : undefined;
    const color = (verified && caById.get(verified.caId)?.color) ?? 'var(--edge-neutral)';
    const stateColor = { ok: color, warning: 'var(--warning)', failing: 'var(--failing)' };
    // A line drawn for several (stacked hosts) shows the worst of theirs: a failing member is not hidden by the first.
    const mine = (stacking.members.get(c.id) ?? [c.id]).flatMap((id) => findingsOn.get(id) ?? []);
    const bundle = stacking.bundles.get(c.id) ?? 1;
    const state = stateOf(mine);
    const problem = mine.find((f) => state !== 'failing' || f.severity === 'error')?.quote ?? null;
    const description = `${state === 'ok' ? '' : `${state === 'failing' ? 'Fails' : 'Warning'}: ${problem}. `}${bundle > 1 ? `One line for ${bundle} connections of stacked nodes. ` : ''}${c.label}: client presents ${client?.label ?? 'a token, no certificate'}, server presents ${server?.label ?? 'a self-signed certificate the client does not verify'}`;
    return {
      id: c.id,
      source: c.clientId,
      target: c.serverId,
      type: 'tls',
      ariaLabel: description,
      // Lines attach to the chips of what each side presents; a token client or self-signed server at its header.
      // Where chips are not drawn (names only), at the component's own handles.
      ...(client && chipsShown.has(c.clientId) ? { sourceHandle: `out:${client.id}` } : {}),
      ...(server && chipsShown.has(c.serverId) ? { targetHandle: `in:${server.id}` } : {}),
      // A server with a self-signed certificate the client does not check: an open arrowhead.
      markerEnd: {
        type: server ? MarkerType.ArrowClosed : MarkerType.Arrow,
        color: stateColor[state],
        width: 18,
        height: 18,
      },
      data: {
        token: !client,
        label: c.label,
        color,
        route: routes.get(c.id) ?? null,
        bundle,
        state,
        problem,
        emphasized: touches(c, selectedId),
        labelAll: labels.all.get(c.id) ?? null,
        labelFocus: labels.focus.get(c.id) ?? null,
        badge: labels.badge.get(c.id) ?? null,
        description,
      },
    };
  });
  return { nodes, edges };
}

/** Dashed links from each CA to the components whose credentials it signs (the "signed by" view). */
export function signedByEdges(topology: Topology): Edge[] {
  const caById = new Map(topology.cas.map((ca) => [ca.id, ca]));
  const pairs = new Set<string>();
  const edges: Edge[] = [];
  for (const credential of topology.credentials) {
    const key = `${credential.caId}|${credential.ownerId}`;
    if (pairs.has(key)) continue;
    pairs.add(key);
    const color = caById.get(credential.caId)?.color ?? 'gray';
    edges.push({
      id: `signed:${key}`,
      source: credential.caId,
      target: credential.ownerId,
      type: 'default',
      selectable: false,
      targetHandle: 'signed',
      style: { stroke: color, strokeDasharray: '6 5', strokeWidth: 1.5, opacity: 0.8 },
    });
  }
  return edges;
}
