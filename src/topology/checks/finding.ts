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
  const mine = findings.filter((f) => f.connectionIds.includes(connectionId));
  if (mine.some((f) => f.severity === 'error')) return 'failing';
  return mine.length > 0 ? 'warning' : 'ok';
}
