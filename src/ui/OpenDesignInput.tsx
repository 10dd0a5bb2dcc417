import { forwardRef } from 'react';
import { useAppStore } from '../store/StoreContext';
import type { AppState } from '../store/appState';
import { MAX_DESIGN_FILE_BYTES, parseDesignFile } from '../topology/designSchema';

const selectReplace = (s: AppState) => s.replaceDesign;
const selectNotify = (s: AppState) => s.notify;

/** The hidden file picker behind Open design: a bad file is refused and the current design kept. */
export const OpenDesignInput = forwardRef<HTMLInputElement>(function OpenDesignInput(_, ref) {
  const replaceDesign = useAppStore(selectReplace);
  const notify = useAppStore(selectNotify);
  return (
    <input
      ref={ref}
      type="file"
      accept=".json,application/json"
      aria-label="Design file to open"
      hidden
      onChange={async (event) => {
        const file = event.target.files?.[0];
        event.target.value = '';
        if (!file) return;
        const result = file.size > MAX_DESIGN_FILE_BYTES
          ? { ok: false as const, error: 'It is larger than any design the editor makes, so it is not a saved design.' }
          : parseDesignFile(await file.text());
        if (result.ok) {
          replaceDesign(result.design);
          notify({ tone: 'info', text: `Opened ${file.name}.` });
        } else {
          notify({ tone: 'error', text: `${file.name} was not opened: ${result.error} Your design is unchanged.` });
        }
      }}
    />
  );
});
