import { KEY_ALGORITHMS, isKeyAlgorithm } from '../pki/keyAlgorithm';
import { PresentButtons } from './PresentButtons';
import { useAppStore } from '../store/StoreContext';
import type { AppState } from '../store/appState';
import { selectParams, selectPresetId, selectShowPanel, selectShowSignedBy, selectTheme } from '../store/selectors';
import { updateParams } from '../topology/edits';
import { PRESET_IDS, PRESET_LABELS, isPresetId } from '../topology/presetParams';
import { GenerationBar } from './GenerationBar';
import type { Command } from './useCommands';

const selectChoosePreset = (s: AppState) => s.choosePreset;
const selectApply = (s: AppState) => s.apply;
const selectToggleTheme = (s: AppState) => s.toggleTheme;
const selectToggleSignedBy = (s: AppState) => s.toggleSignedBy;
const selectTogglePanel = (s: AppState) => s.togglePanel;

/** The page's header: preset and key algorithm, the generate button and the view switches; then the edit commands. */
export function Toolbar({ commands }: { commands: Record<string, Command> }) {
  const presetId = useAppStore(selectPresetId);
  const keyAlgorithm = useAppStore(selectParams).keyAlgorithm;
  const theme = useAppStore(selectTheme);
  const showSignedBy = useAppStore(selectShowSignedBy);
  const choosePreset = useAppStore(selectChoosePreset);
  const apply = useAppStore(selectApply);
  const toggleTheme = useAppStore(selectToggleTheme);
  const toggleSignedBy = useAppStore(selectToggleSignedBy);
  const showPanel = useAppStore(selectShowPanel);
  const togglePanel = useAppStore(selectTogglePanel);
  return (
    <header>
      <div className="toolbar">
        <h1 className="app-title">Kubernetes TLS Designer</h1>
        <div className="field">
          <label htmlFor="preset-select">Preset</label>
          <select
            id="preset-select"
            value={presetId}
            onChange={(e) => isPresetId(e.target.value) && choosePreset(e.target.value)}
          >
            {PRESET_IDS.map((id) => (
              <option key={id} value={id}>
                {PRESET_LABELS[id]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="key-algorithm-select">Key algorithm</label>
          <select
            id="key-algorithm-select"
            value={keyAlgorithm}
            onChange={(e) => isKeyAlgorithm(e.target.value) && apply(updateParams({ keyAlgorithm: e.target.value }))}
          >
            {KEY_ALGORITHMS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <GenerationBar />
        <div className="view-switches">
          <button type="button" onClick={toggleSignedBy} aria-pressed={showSignedBy}>
            Signed-by links
          </button>
          <button type="button" onClick={togglePanel} aria-pressed={showPanel}>
            Side panel
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={toggleTheme}
            aria-pressed={theme === 'dark'}
            aria-label="Dark theme"
            title="Dark theme"
          >
            <span aria-hidden="true">{theme === 'dark' ? '☾' : '☀'}</span>
          </button>
          <PresentButtons />
        </div>
      </div>
      {/* Inside the header, so that every control on the page stands in a landmark. */}
      <EditBar commands={commands} />
    </header>
  );
}

const EDIT_GROUPS: ReadonlyArray<readonly string[]> = [
  ['addWorker', 'addControlPlane', 'addCa'],
  ['undo', 'redo', 'deleteSelection', 'tidyUp'],
  ['saveDesign', 'openDesign', 'shareLink'],
  ['exportPng', 'exportSvg'],
];

/** The editing commands as buttons, grouped; shortcuts show in tooltips. */
function EditBar({ commands }: { commands: Record<string, Command> }) {
  return (
    <div className="edit-bar" role="toolbar" aria-label="Edit design">
      {EDIT_GROUPS.map((group) => (
        <div className="edit-group" key={group.join()}>
          {group.map((id) => {
            const command = commands[id];
            if (!command) return null;
            const hint = command.enabled ? command.shortcut : command.disabledReason;
            return (
              <button
                key={id}
                type="button"
                onClick={command.run}
                disabled={!command.enabled}
                title={hint ? `${command.label} (${hint})` : command.label}
              >
                {command.label}
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
