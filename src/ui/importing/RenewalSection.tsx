import { useEffect, useId, useMemo, useState } from 'react';
import type { ImportReport } from '../../export/importPki';
import { renewalPlan, renewalRows, type RenewalRow } from '../../export/renewal';
import { useAppStore } from '../../store/StoreContext';
import { selectGeneration, selectTopology } from '../../store/selectors';
import { useGenerateBundle } from '../useGenerateBundle';

const DEFAULT_WINDOW_DAYS = 30;
const dateOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Renews an imported PKI as `kubeadm certs renew` does: the leaves due within a window are
 * pre-selected, each renewed under the imported CA with a new serial and dates and the same
 * names, SANs and usages (and, if asked, the same key); every other leaf is written back as it is.
 */
export function RenewalSection({ report }: { report: ImportReport }) {
  const topology = useAppStore(selectTopology);
  const running = useAppStore(selectGeneration).phase === 'running';
  const { generate } = useGenerateBundle();
  const windowId = useId();
  const [windowDays, setWindowDays] = useState(DEFAULT_WINDOW_DAYS);
  const [list, setList] = useState<RenewalRow[]>([]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [keepKeys, setKeepKeys] = useState(false);
  useEffect(() => {
    let current = true;
    renewalRows(topology, report, windowDays).then(
      (rows) => {
        if (!current) return;
        setList(rows);
        // The window chooses what is due; the person may add or drop any leaf after.
        setSelected(new Set(rows.filter((r) => r.due || !r.hasKey).map((r) => r.id)));
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [report, windowDays, topology]);
  const plan = useMemo(() => renewalPlan(topology, report, selected, keepKeys), [topology, report, selected, keepKeys]);
  if (Object.keys(report.leafKeys ?? {}).length === 0) {
    return (
      <p className="field-hint">
        To renew, import the leaves' keys with their certificates (a copy of /etc/kubernetes has them).
      </p>
    );
  }
  const renewed = list.filter((r) => selected.has(r.id)).length;
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <div className="renewal" role="group" aria-label="Renew">
      <h3>Renew</h3>
      <div className="form-field">
        <label htmlFor={windowId}>Due within (days)</label>
        <input
          id={windowId}
          type="number"
          min={0}
          max={3650}
          value={windowDays}
          onChange={(e) => setWindowDays(Math.max(0, Math.min(3650, Number(e.target.value) || 0)))}
        />
      </div>
      <ul className="import-list renewal-list">
        {list.map((r) => (
          <li key={r.id}>
            <label className="check">
              <input
                type="checkbox"
                checked={selected.has(r.id)}
                disabled={!r.hasKey}
                onChange={(e) => toggle(r.id, e.target.checked)}
              />{' '}
              {r.label}: expires {dateOf(r.notAfter)} (
              {r.daysLeft < 0 ? `expired ${-r.daysLeft} days ago` : `in ${r.daysLeft} days`})
              {!r.hasKey && ' (its key was not imported: renewed)'}
            </label>
          </li>
        ))}
      </ul>
      <label className="check">
        <input type="checkbox" checked={keepKeys} onChange={(e) => setKeepKeys(e.target.checked)} /> Keep each renewed
        certificate's key (kubeadm makes a new one)
      </label>
      {plan.missingCaKeys.length > 0 ? (
        <p className="field-error" role="alert">
          A renewal signs with the imported CAs, and these keys did not come with the import:{' '}
          {plan.missingCaKeys.join(', ')}.
        </p>
      ) : (
        <p className="field-hint">
          {renewed} renewed under the imported CAs: a new serial, valid from now for its usual term,{' '}
          {keepKeys ? 'the same key' : 'a new key'}; subject, SANs and usages unchanged. {list.length - renewed} written
          back byte for byte.
        </p>
      )}
      <button
        type="button"
        disabled={running || renewed === 0 || plan.missingCaKeys.length > 0}
        onClick={() => generate(plan)}
      >
        Download renewed bundle
      </button>
    </div>
  );
}
