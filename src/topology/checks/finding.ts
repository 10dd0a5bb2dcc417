import type { DesignEdit } from '../edits';

export type Severity = 'error' | 'warning';

/** One problem of a design, said the way the real component would log it. */
export interface Finding {
  /** Stable across rebuilds: `<check>:<element id>`. */
  readonly id: string;
  readonly severity: Severity;
  readonly check: string;
  /** The element to select when the finding is chosen. */
  readonly target: { readonly kind: 'connection' | 'credential' | 'ca'; readonly id: string };
  /** Connections this finding breaks or weakens (their edges show it). */
  readonly connectionIds: readonly string[];
  /** Short name of what is affected, e.g. "kubectl (admin) → kube-apiserver". */
  readonly subject: string;
  /** The error text the real client, server or apiserver reports. */
  readonly quote: string;
  /** Why, in one plain sentence. */
  readonly explanation: string;
  /** The obvious fix, when there is one. */
  readonly fix?: { readonly label: string; readonly edit: DesignEdit };
}

export type ConnectionState = 'ok' | 'warning' | 'failing';

/** An edge's state: failing on any error, warning on any warning. */
export function connectionState(findings: readonly Finding[], connectionId: string): ConnectionState {
  return stateOf(findings.filter((f) => f.connectionIds.includes(connectionId)));
}

/** The state of an edge whose own findings these are. */
export function stateOf(mine: readonly Finding[]): ConnectionState {
  if (mine.some((f) => f.severity === 'error')) return 'failing';
  return mine.length > 0 ? 'warning' : 'ok';
}

/**
 * Each connection's findings, in the order given and each once: one pass over the findings for
 * every edge of the canvas, where asking `connectionState` per edge would take one pass per edge.
 */
export function findingsByConnection(findings: readonly Finding[]): ReadonlyMap<string, readonly Finding[]> {
  const byConnection = new Map<string, Finding[]>();
  for (const f of findings) {
    for (const id of f.connectionIds) {
      const mine = byConnection.get(id);
      if (!mine) byConnection.set(id, [f]);
      // A finding may name a connection twice (a repeated id); it still counts once.
      else if (mine.at(-1) !== f) mine.push(f);
    }
  }
  return byConnection;
}
