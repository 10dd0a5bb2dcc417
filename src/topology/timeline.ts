import { DAY_MS } from '../pki/profile';
import type { CertificateFacts } from '../pki/inspect';
import type { Topology } from './model';

export interface TimelineRow {
  readonly id: string;
  readonly label: string;
  readonly isCa: boolean;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The CA's own end, for a leaf: a leaf valid past it fails when the CA expires. */
  readonly caNotAfter: Date | null;
}

import { RENEWAL_WINDOW_DAYS } from './checks/credentialChecks';

export { RENEWAL_WINDOW_DAYS };

/** Rows from the certificates actually made (generated or imported), by element id. */
export function rowsFromCertificates(topology: Topology, facts: ReadonlyMap<string, CertificateFacts>): TimelineRow[] {
  const caEnd = new Map(topology.cas.map((ca) => [ca.id as string, facts.get(ca.id)?.notAfter ?? null]));
  return [
    ...topology.cas.flatMap((ca) => {
      const f = facts.get(ca.id);
      return f
        ? [
            {
              id: ca.id,
              label: ca.certFile,
              isCa: true,
              notBefore: f.notBefore,
              notAfter: f.notAfter,
              caNotAfter: null,
            },
          ]
        : [];
    }),
    ...topology.credentials.flatMap((c) => {
      const f = facts.get(c.id);
      return f
        ? [
            {
              id: c.id,
              label: c.files?.cert ?? c.kubeconfig?.file ?? c.label,
              isCa: false,
              notBefore: f.notBefore,
              notAfter: f.notAfter,
              caNotAfter: caEnd.get(c.caId) ?? null,
            },
          ]
        : [];
    }),
  ];
}

/** Rows the design would make if generated `now`. */
export function plannedRows(topology: Topology, now: Date): TimelineRow[] {
  const at = (days: number) => new Date(now.getTime() + days * DAY_MS);
  const caEnd = new Map(topology.cas.map((ca) => [ca.id as string, at(ca.validityDays)]));
  return [
    ...topology.cas.map((ca) => ({
      id: ca.id,
      label: ca.certFile,
      isCa: true,
      notBefore: now,
      notAfter: at(ca.validityDays),
      caNotAfter: null,
    })),
    ...topology.credentials.map((c) => {
      const from = c.validFromDays ?? 0;
      return {
        id: c.id,
        label: c.files?.cert ?? c.kubeconfig?.file ?? c.label,
        isCa: false,
        notBefore: at(from),
        notAfter: at(from + c.validityDays),
        caNotAfter: caEnd.get(c.caId) ?? null,
      };
    }),
  ];
}

export type RowState = 'expired' | 'renew-now' | 'outlives-ca' | 'ok';

/** What a row warns about, most urgent first. */
export function rowState(row: TimelineRow, now: Date): RowState {
  if (row.notAfter <= now) return 'expired';
  if (row.notAfter.getTime() - now.getTime() <= RENEWAL_WINDOW_DAYS * DAY_MS) return 'renew-now';
  if (row.caNotAfter && row.notAfter > row.caNotAfter) return 'outlives-ca';
  return 'ok';
}
