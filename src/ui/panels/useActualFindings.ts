import { useEffect, useState } from 'react';
import { useAppStore } from '../../store/StoreContext';
import { selectCertificates, selectPresetId, selectTopology } from '../../store/selectors';
import { topologyFromCertificates } from '../../topology/checks/actualCertificates';
import type { Finding } from '../../topology/checks/finding';
import { validateTopology } from '../../topology/checks/validateTopology';

/** Decoding thousands (a pool) would keep the page busy for long: the plan's checks stand for them. */
const MAX_CERTIFICATES = 400;

/**
 * The checks run again on the certificates the last generation made for this design, read
 * back from their DER: null until there are some (or too many to read).
 */
export function useActualFindings(): { findings: Finding[]; count: number } | null {
  const topology = useAppStore(selectTopology);
  const certificates = useAppStore(selectCertificates);
  const presetId = useAppStore(selectPresetId);
  const [result, setResult] = useState<{ for: object; findings: Finding[]; count: number } | null>(null);
  useEffect(() => {
    if (!certificates || Object.keys(certificates).length > MAX_CERTIFICATES) return;
    let current = true;
    // The X.509 decoder loads with the first certificates to read back, not with the page.
    import('../../export/actualCertificates')
      .then((m) => m.readActualCertificates(topology, certificates))
      .then((actual) => {
        if (!current) return;
        const findings = validateTopology(topologyFromCertificates(topology, actual, new Date()), presetId);
        setResult({ for: certificates, findings, count: actual.size });
      });
    return () => {
      current = false;
    };
  }, [topology, certificates, presetId]);
  return result && result.for === certificates ? result : null;
}
