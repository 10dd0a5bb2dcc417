import { useAppStore } from '../../store/StoreContext';
import type { AppState } from '../../store/appState';
import { PRESET_LABELS } from '../../topology/presetParams';

const selectTopology = (s: AppState) => s.topology;
const selectPreset = (s: AppState) => s.presetId;

/** What the drawing means: the CA legend, counts and the preset's notes. */
export function SidePanel() {
  const topology = useAppStore(selectTopology);
  const presetId = useAppStore(selectPreset);
  const signed = (caId: string) => topology.credentials.filter((c) => c.caId === caId).length;
  return (
    <aside className="side-panel" aria-label="About this design">
      <section aria-labelledby="legend-title">
        <h2 id="legend-title">Certificate authorities</h2>
        <ul className="legend">
          {topology.cas.map((ca) => (
            <li key={ca.id}>
              <span className="legend-swatch" style={{ background: ca.color }} aria-hidden="true" />
              <span><strong>{ca.name}</strong> <code>{ca.certFile}</code>, signs {signed(ca.id)}</span>
            </li>
          ))}
        </ul>
        <ul className="legend legend-shapes">
          <li><span className="legend-shape is-server" aria-hidden="true" /> server (solid border)</li>
          <li><span className="legend-shape is-client" aria-hidden="true" /> client (dashed border)</li>
          <li><span aria-hidden="true">→</span> TLS connection, client to server, labelled with the credential each side presents</li>
        </ul>
      </section>
      <section aria-labelledby="summary-title">
        <h2 id="summary-title">{PRESET_LABELS[presetId]} preset</h2>
        <p>
          {topology.hosts.length} nodes, {topology.credentials.length} certificates, {topology.connections.length} TLS connections,
          key algorithm {topology.keyAlgorithm}.
        </p>
        {topology.notes.map((note) => <p key={note} className="note">{note}</p>)}
      </section>
    </aside>
  );
}
