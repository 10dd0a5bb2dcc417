import { useEffect, useState } from 'react';
import { caCommands, credentialCommands } from '../../export/opensslCommands';
import type { CertificateFacts } from '../../pki/inspect';
import { useAppStore } from '../../store/StoreContext';
import type { AppState } from '../../store/appState';
import { selectCertificates, selectImportReport, selectTopology } from '../../store/selectors';
import { originOf } from './origin';
import type { CertificateAuthority, Credential } from '../../topology/model';

function Facts({ facts }: { facts: CertificateFacts }) {
  const rows: Array<[string, string]> = [
    ['Subject', facts.subject],
    ['Issuer', facts.issuer],
    ['Valid from', facts.notBefore.toISOString()],
    ['Valid until', facts.notAfter.toISOString()],
    ['Serial', facts.serialNumber],
    [
      'SANs',
      [...facts.dnsNames.map((d) => `DNS:${d}`), ...facts.ipAddresses.map((i) => `IP:${i}`)].join(', ') || 'none',
    ],
    ['Key usage', facts.keyUsage.join(', ') || 'none'],
    ['Extended key usage', facts.extendedKeyUsage.join(', ') || 'none (any purpose)'],
    ['CA', facts.isCa ? 'yes' : 'no'],
    ['Public key', facts.publicKey],
    ['Signature', facts.signatureAlgorithm],
    ['SHA-256 fingerprint', facts.sha256Fingerprint],
    ['SHA-1 fingerprint', facts.sha1Fingerprint],
  ];
  return (
    <dl className="cert-facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The generated certificate of a CA or credential, decoded in the browser, and the openssl
 * commands that would make the same one by hand.
 */
const selectDesign = (s: AppState) => s.design;
const selectGenerated = (s: AppState) => s.generated;

export function CertificateViewer({
  element,
}: {
  element: { kind: 'ca'; ca: CertificateAuthority } | { kind: 'credential'; credential: Credential };
}) {
  const topology = useAppStore(selectTopology);
  const certificates = useAppStore(selectCertificates);
  const design = useAppStore(selectDesign);
  const generated = useAppStore(selectGenerated);
  const report = useAppStore(selectImportReport);
  const id = element.kind === 'ca' ? element.ca.id : element.credential.id;
  const origin = originOf(id, design, generated, report);
  const pem = certificates?.[id];
  const [facts, setFacts] = useState<{ pem: string; facts: CertificateFacts } | null>(null);
  useEffect(() => {
    if (!pem) return;
    let current = true;
    // The X.509 decoder loads with the first certificate shown, not with the page.
    import('../../pki/inspect')
      .then((m) => m.describeCertificate(pem))
      .then(
        (f) => current && setFacts({ pem, facts: f }),
        () => undefined,
      );
    return () => {
      current = false;
    };
  }, [pem]);
  const algorithm =
    element.kind === 'credential' ? (element.credential.keyAlgorithm ?? topology.keyAlgorithm) : topology.keyAlgorithm;
  const signerId = element.kind === 'credential' ? element.credential.caId : element.ca.parentCaId;
  const signer = topology.cas.find((c) => c.id === signerId);
  const commands =
    element.kind === 'ca'
      ? caCommands(element.ca, algorithm, 'bare', signer)
      : signer
        ? credentialCommands(element.credential, signer, algorithm)
        : [];
  return (
    <section className="cert-viewer" aria-label="Certificate">
      <h4>Certificate</h4>
      {origin && (
        <p className="cert-origin">
          <strong>Origin:</strong> {origin}
        </p>
      )}
      {pem && facts?.pem === pem ? (
        <Facts facts={facts.facts} />
      ) : (
        <p className="field-hint">Generate the bundle to decode the certificate made for this design here.</p>
      )}
      {commands.length > 0 && (
        <details>
          <summary>The same with openssl, by hand</summary>
          <pre className="commands">
            <code>{commands.join('\n')}</code>
          </pre>
        </details>
      )}
    </section>
  );
}
