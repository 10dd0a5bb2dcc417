import { useAppStore } from '../store/StoreContext';
import type { AppState } from '../store/appState';
import { useGenerateBundle } from './useGenerateBundle';

const selectGeneration = (s: AppState) => s.generation;

/** The one button, its progress bar and cancel, and what happened last, announced politely. */
export function GenerationBar() {
  const generation = useAppStore(selectGeneration);
  const { generate, cancel } = useGenerateBundle();
  const running = generation.phase === 'running';
  return (
    <div className="generation-bar">
      <button type="button" className="primary" onClick={generate} disabled={running}>
        Generate bundle
      </button>
      {running && (
        <>
          <progress aria-label="Generating keys and certificates" max={generation.total} value={generation.done} />
          <button type="button" onClick={cancel}>Cancel</button>
        </>
      )}
      <span className="generation-status" role="status" aria-live="polite">
        {running && `${generation.done} of ${generation.total} keys`}
        {generation.phase === 'done' && `Downloaded ${generation.fileName} (${generation.fileCount} files)`}
        {generation.phase === 'cancelled' && 'Cancelled: nothing was downloaded'}
        {generation.phase === 'failed' && `Generation failed: ${generation.message}`}
      </span>
    </div>
  );
}
