import { useAppStore } from '../../store/StoreContext';
import { selectPresetId, selectTopology } from '../../store/selectors';
import { PRESET_LABELS } from '../../topology/presetParams';
import { ImportReportPanel } from '../importing/ImportReportPanel';
import { BundleSection } from './BundleSection';
import { ChangesPanel } from './ChangesPanel';
import { Inspector } from './Inspector';
import { ProblemsPanel } from './ProblemsPanel';
import { RotationPanel } from './RotationPanel';
import { WorkshopSection } from '../workshop/WorkshopSection';

/** Problems, the inspector, then what the drawing means: the CA legend, counts and the preset's notes. */
export function SidePanel() {
  const topology = useAppStore(selectTopology);
  const presetId = useAppStore(selectPresetId);
  const signed = (caId: string) => topology.credentials.filter((c) => c.caId === caId).length;
  const pools = topology.hosts.reduce((n, h) => n + (h.poolSize ?? 1), 0);
  return (
    <aside className="side-panel" id="side-panel" tabIndex={-1} aria-label="Design details">
      <WorkshopSection />
      <ImportReportPanel />
      <RotationPanel />
      <ProblemsPanel />
      <ChangesPanel />
      <Inspector />
      <BundleSection />
      <section aria-labelledby="legend-title">
        <h2 id="legend-title">Certificate authorities</h2>
        <ul className="legend">
          {topology.cas.map((ca) => (
            <li key={ca.id}>
              <span className="legend-swatch" style={{ background: ca.color }} aria-hidden="true" />
              <span>
                <strong>{ca.name}</strong> <code>{ca.certFile}</code>, signs {signed(ca.id)}
              </span>
            </li>
          ))}
        </ul>
        <ul className="legend legend-shapes">
          <li>
            <span className="legend-shape is-server" aria-hidden="true" /> server (solid border)
          </li>
          <li>
            <span className="legend-shape is-client" aria-hidden="true" /> client (dashed border)
          </li>
          <li>
            <span aria-hidden="true">→</span> TLS connection, from the certificate the client presents to the one the
            server presents, in the colour of the CA that signs what is verified (select a component, or zoom in, to
            read the labels)
          </li>
          <li>
            <span aria-hidden="true">⋯</span> dotted: the client shows no certificate (a ServiceAccount token)
          </li>
          <li>
            <span aria-hidden="true">▷</span> open arrowhead: the server's certificate is self-signed and not checked
          </li>
        </ul>
      </section>
      <section aria-labelledby="summary-title">
        <h2 id="summary-title">{PRESET_LABELS[presetId]} preset</h2>
        <p>
          {pools.toLocaleString('en')} nodes, {topology.credentials.length} certificates, {topology.connections.length}{' '}
          TLS connections, key algorithm {topology.keyAlgorithm}.
        </p>
        {topology.notes.map((note) => (
          <p key={note} className="note">
            {note}
          </p>
        ))}
      </section>
    </aside>
  );
}
