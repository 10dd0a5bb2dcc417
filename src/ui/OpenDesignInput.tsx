import { forwardRef } from 'react';
import { useAppStore } from '../store/StoreContext';
import type { AppState } from '../store/appState';
import { MAX_DESIGN_FILE_BYTES } from '../topology/designSchema';

const selectReplace = (s: AppState) => s.replaceDesign;
const selectNotify = (s: AppState) => s.notify;

/**
 * The hidden file picker behind Open design: a saved design, or a kubeadm-config.yaml read as a
 * kubeadm design (what it cannot honour is named in the notice). A bad file is refused and the
 * current design kept.
 */
export const OpenDesignInput = forwardRef<HTMLInputElement>(function OpenDesignInput(_, ref) {
  const replaceDesign = useAppStore(selectReplace);
  const notify = useAppStore(selectNotify);
  return (
    <input
      ref={ref}
      type="file"
      accept=".json,application/json,.yaml,.yml,application/yaml"
      aria-label="Design file to open"
      hidden
      onChange={async (event) => {
        const file = event.target.files?.[0];
        event.target.value = '';
        if (!file) return;
        // The kubeadm reader (and its YAML parser) loads when a file is opened, not with the page.
        const { openedDesign } = await import('../export/openedDesign');
        const result =
          file.size > MAX_DESIGN_FILE_BYTES
            ? {
                ok: false as const,
                error: 'It is larger than any design the editor makes, so it is not a saved design.',
              }
            : openedDesign(await file.text(), file.name);
        if (result.ok) {
          replaceDesign(result.design);
          const how = result.source === 'kubeadm' ? ' as a kubeadm design' : '';
          notify({ tone: 'info', text: [`Opened ${file.name}${how}.`, ...result.notes].join(' ') });
        } else {
          notify({ tone: 'error', text: `${file.name} was not opened: ${result.error} Your design is unchanged.` });
        }
      }}
    />
  );
});
