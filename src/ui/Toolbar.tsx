import { KEY_ALGORITHMS, isKeyAlgorithm } from '../pki/keyAlgorithm';
import { useAppStore } from '../store/StoreContext';
import type { AppState } from '../store/appState';
import { PRESET_IDS, PRESET_LABELS, isPresetId } from '../topology/presetParams';
import { GenerationBar } from './GenerationBar';

const selectPreset = (s: AppState) => s.presetId;
const selectKeyAlgorithm = (s: AppState) => s.params.keyAlgorithm;
const selectTheme = (s: AppState) => s.theme;
const selectChoosePreset = (s: AppState) => s.choosePreset;
const selectSetKeyAlgorithm = (s: AppState) => s.setKeyAlgorithm;
const selectToggleTheme = (s: AppState) => s.toggleTheme;

/** Preset and key algorithm pickers, the generate button and the theme switch. */
export function Toolbar() {
  const presetId = useAppStore(selectPreset);
  const keyAlgorithm = useAppStore(selectKeyAlgorithm);
  const theme = useAppStore(selectTheme);
  const choosePreset = useAppStore(selectChoosePreset);
  const setKeyAlgorithm = useAppStore(selectSetKeyAlgorithm);
  const toggleTheme = useAppStore(selectToggleTheme);
  return (
    <header className="toolbar">
      <h1 className="app-title">Kubernetes TLS Designer</h1>
      <div className="field">
        <label htmlFor="preset-select">Preset</label>
        <select id="preset-select" value={presetId} onChange={(e) => isPresetId(e.target.value) && choosePreset(e.target.value)}>
          {PRESET_IDS.map((id) => <option key={id} value={id}>{PRESET_LABELS[id]}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="key-algorithm-select">Key algorithm</label>
        <select id="key-algorithm-select" value={keyAlgorithm} onChange={(e) => isKeyAlgorithm(e.target.value) && setKeyAlgorithm(e.target.value)}>
          {KEY_ALGORITHMS.map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
      </div>
      <GenerationBar />
      <button type="button" className="theme-toggle" onClick={toggleTheme} aria-pressed={theme === 'dark'}>
        Dark theme
      </button>
    </header>
  );
}
