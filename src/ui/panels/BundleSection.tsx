import { useAppStore } from '../../store/StoreContext';
import type { AppState } from '../../store/appState';
import { selectBundleOptions, selectShowTimeline } from '../../store/selectors';
import { usePoolStatus } from '../keys/usePoolStatus';
import { ImportPkiInput } from '../importing/ImportPkiInput';
import { checkPkcs12Password } from '../../topology/fieldRules';
import { SelectField } from './fields/SelectField';
import { TextField } from './fields/TextField';

const selectSet = (s: AppState) => s.setBundleOptions;
const selectSetTimeline = (s: AppState) => s.setShowTimeline;
const selectBackgroundKeys = (s: AppState) => s.backgroundKeys;
const selectPkcs12Password = (s: AppState) => s.pkcs12Password;
const selectSetPkcs12Password = (s: AppState) => s.setPkcs12Password;
const selectSetBackgroundKeys = (s: AppState) => s.setBackgroundKeys;

/** Choices for the next Generate bundle: the layout, and kubeadm's external-CA mode. */
export function BundleSection() {
  const options = useAppStore(selectBundleOptions);
  const set = useAppStore(selectSet);
  const showTimeline = useAppStore(selectShowTimeline);
  const setTimeline = useAppStore(selectSetTimeline);
  const backgroundKeys = useAppStore(selectBackgroundKeys);
  const setBackgroundKeys = useAppStore(selectSetBackgroundKeys);
  const pool = usePoolStatus();
  const pkcs12Password = useAppStore(selectPkcs12Password);
  const setPkcs12Password = useAppStore(selectSetPkcs12Password);
  return (
    <section className="bundle-options" aria-label="Bundle">
      <h2>Bundle</h2>
      <SelectField
        label="Layout"
        value={options.layout}
        options={[
          { value: 'design', label: "As designed (kubeadm's tree, or flat)" },
          { value: 'per-host', label: 'One folder per host' },
        ]}
        onChange={(layout) => set({ ...options, layout: layout === 'per-host' ? 'per-host' : 'design' })}
      />
      <label className="check">
        <input
          type="checkbox"
          checked={options.externalCa}
          onChange={(e) => set({ ...options, externalCa: e.target.checked })}
        />{' '}
        External CA: leave the CA private keys out
      </label>
      <label className="check">
        <input type="checkbox" checked={backgroundKeys} onChange={(e) => setBackgroundKeys(e.target.checked)} /> Make
        keys in the background while I design (kept in memory only, each used once)
      </label>
      {/* Not announced: it changes with every key made. Here rather than in the toolbar, which it would wrap at 1280 px. */}
      {pool.enabled && pool.target > 0 && (
        <p className="pool-status">
          {pool.ready} of {pool.target} keys ready
        </p>
      )}
      <TextField
        label="PKCS#12 password for people's credentials"
        type="password"
        value={pkcs12Password}
        validate={checkPkcs12Password}
        onCommit={setPkcs12Password}
        hint="With a password, kubectl users' credentials also come as .p12 files for browsers and keychains. Kept in this page only."
      />
      <ImportPkiInput />
      <button type="button" aria-pressed={showTimeline} onClick={() => setTimeline(!showTimeline)}>
        Expiry timeline
      </button>
    </section>
  );
}
