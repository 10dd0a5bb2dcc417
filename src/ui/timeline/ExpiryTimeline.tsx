import { DAY_MS } from '../../pki/profile';
import { useEffect, useState } from 'react';
import type { CertificateFacts } from '../../pki/inspect';
import { useAppStore } from '../../store/StoreContext';
import { selectCertificates, selectTopology } from '../../store/selectors';
import {
  plannedRows,
  RENEWAL_WINDOW_DAYS,
  rowsFromCertificates,
  rowState,
  type RowState,
  type TimelineRow,
} from '../../topology/timeline';

const ROW = 24;
const LABEL = 250;
const WIDTH = 1000;
/** Decoding is cheap, but a pool's thousands of rows would not be read by anyone. */
const MAX_ROWS = 400;
const STATE_TEXT: Record<RowState, string> = {
  expired: '✕ expired',
  'renew-now': '! renew now',
  'outlives-ca': '✕ outlives its CA',
  ok: '',
};

function useFacts(certificates: Readonly<Record<string, string>> | null) {
  const [facts, setFacts] = useState<{ for: object; map: Map<string, CertificateFacts> } | null>(null);
  useEffect(() => {
    if (!certificates) return;
    let current = true;
    const entries = Object.entries(certificates).slice(0, MAX_ROWS);
    // The X.509 decoder loads when the timeline first reads certificates, not with the page.
    import('../../pki/inspect')
      .then(({ describeCertificate }) =>
        Promise.all(entries.map(async ([id, pem]) => [id, await describeCertificate(pem)] as const)),
      )
      .then((list) => {
        if (current) setFacts({ for: certificates, map: new Map(list) });
      });
    return () => {
      current = false;
    };
  }, [certificates]);
  return certificates && facts?.for === certificates ? facts.map : null;
}

/** Every CA and leaf on one time axis: today, the renewal window, and what needs attention. */
export function ExpiryTimeline({ onClose }: { onClose: () => void }) {
  const topology = useAppStore(selectTopology);
  const certificates = useAppStore(selectCertificates);
  const facts = useFacts(certificates);
  const [now] = useState(() => new Date());
  const rows: TimelineRow[] = (facts ? rowsFromCertificates(topology, facts) : plannedRows(topology, now)).slice(
    0,
    MAX_ROWS,
  );
  const start = Math.min(now.getTime(), ...rows.map((r) => r.notBefore.getTime())) - 30 * DAY_MS;
  const end = Math.max(now.getTime(), ...rows.map((r) => r.notAfter.getTime())) + 60 * DAY_MS;
  const x = (t: number) => LABEL + ((t - start) / (end - start)) * (WIDTH - LABEL - 130);
  const years: number[] = [];
  for (let y = new Date(start).getUTCFullYear() + 1; Date.UTC(y, 0, 1) < end; y++) years.push(y);
  const height = rows.length * ROW + 40;
  return (
    <section className="timeline-panel" aria-label="Expiry timeline">
      <div className="timeline-head">
        <h2>
          Expiry timeline{' '}
          <span className="field-hint">{facts ? 'of the certificates made' : 'if generated today'}</span>
        </h2>
        <button type="button" onClick={onClose}>
          Close timeline
        </button>
      </div>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={`${rows.length} certificates on a time axis`}>
        {years.map((y) => (
          <g key={y}>
            <line x1={x(Date.UTC(y, 0, 1))} x2={x(Date.UTC(y, 0, 1))} y1={16} y2={height} className="tl-grid" />
            <text x={x(Date.UTC(y, 0, 1)) + 3} y={12} className="tl-year">
              {y}
            </text>
          </g>
        ))}
        {rows.map((row, i) => {
          const y = 24 + i * ROW;
          const state = rowState(row, now);
          const renewFrom = Math.max(row.notBefore.getTime(), row.notAfter.getTime() - RENEWAL_WINDOW_DAYS * DAY_MS);
          return (
            <g key={row.id} className={`tl-row is-${state}${row.isCa ? ' is-ca' : ''}`} data-row={row.label}>
              <title>{`${row.label}: ${row.notBefore.toISOString().slice(0, 10)} to ${row.notAfter.toISOString().slice(0, 10)}`}</title>
              <text x={LABEL - 8} y={y + 15} textAnchor="end" className="tl-label">
                {row.label}
              </text>
              <rect
                x={x(row.notBefore.getTime())}
                y={y + 4}
                width={Math.max(2, x(row.notAfter.getTime()) - x(row.notBefore.getTime()))}
                height={ROW - 8}
                rx={3}
                className="tl-bar"
              />
              <rect
                x={x(renewFrom)}
                y={y + 4}
                width={Math.max(2, x(row.notAfter.getTime()) - x(renewFrom))}
                height={ROW - 8}
                className="tl-renew"
              />
              <text x={x(row.notAfter.getTime()) + 6} y={y + 15} className="tl-state">
                {STATE_TEXT[state] || row.notAfter.toISOString().slice(0, 10)}
              </text>
            </g>
          );
        })}
        <line x1={x(now.getTime())} x2={x(now.getTime())} y1={16} y2={height} className="tl-today" />
        <text x={x(now.getTime()) + 3} y={height - 4} className="tl-today-label">
          today
        </text>
      </svg>
    </section>
  );
}
