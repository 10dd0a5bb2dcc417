import { useState } from 'react';
import { useAppStore } from '../store/StoreContext';
import { selectFindings, selectGeneration } from '../store/selectors';
import { useGenerateBundle } from './useGenerateBundle';

/** Seconds as people say them: "about 40 s", "about 2 min". */
function timeLeft(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  if (seconds < 1) return ', under a second left';
  return seconds < 90 ? `, about ${Math.ceil(seconds)} s left` : `, about ${Math.round(seconds / 60)} min left`;
}

/**
 * The one button, its progress bar and cancel, and what happened last, announced politely.
 * A design with failing connections asks first: the bundle would not work as drawn.
 */
export function GenerationBar() {
  const generation = useAppStore(selectGeneration);
  const failing = useAppStore(selectFindings).filter((f) => f.severity === 'error').length;
  const { generate, cancel } = useGenerateBundle();
  const [confirming, setConfirming] = useState(false);
  const running = generation.phase === 'running';
  return (
    <div className="generation-bar">
      <button
        type="button"
        className="primary"
        onClick={() => (failing > 0 ? setConfirming(true) : generate())}
        disabled={running}
      >
        Generate bundle
      </button>
      {confirming && (
        <div className="generate-confirm" role="alert">
          <span>
            {failing} problem{failing === 1 ? '' : 's'} would make connections fail (see Problems).
          </span>
          <button
            type="button"
            onClick={() => {
              setConfirming(false);
              generate();
            }}
          >
            Generate anyway
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep editing
          </button>
        </div>
      )}
      {running && (
        <>
          <progress aria-label="Generating keys and certificates" max={generation.total} value={generation.done} />
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </>
      )}
      <span className="generation-status" role="status" aria-live="polite">
        {running &&
          `${generation.done} of ${generation.total} keys, ${Math.round(generation.perSecond)} keys/s${timeLeft(generation.secondsLeft)}`}
        {generation.phase === 'done' && `Downloaded ${generation.fileName} (${generation.fileCount} files)`}
        {generation.phase === 'cancelled' && 'Cancelled: nothing was downloaded'}
        {generation.phase === 'failed' && `Generation failed: ${generation.message}`}
      </span>
    </div>
  );
}
