import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { designFromFragment } from '../export/shareLink';
import { presetDesign } from '../store/designSlice';
import { createAppStore } from '../store/createAppStore';
import { StoreContext } from '../store/StoreContext';
import { startBackgroundKeys } from './backgroundKeys';
import { KeyPoolContext } from '../ui/keys/KeyPoolContext';
import { prepareGeneration } from '../worker/runGeneration';
import { isPresetId } from '../topology/presetParams';
import { scenarioById, scenarioDesign, scenarioPresetFor } from '../topology/scenarios';
import { App } from './App';
import '../ui/styles.css';

// A share link (#design=...), ?scenario= or ?preset= names the design to open; otherwise the saved one.
const fromLink = designFromFragment(window.location.hash);
const query = new URLSearchParams(window.location.search);
const presetParam = query.get('preset');
const scenario = scenarioById(query.get('scenario'));
const fromPreset = isPresetId(presetParam) ? presetDesign(presetParam) : null;
// ?scenario=…&preset=course plays the scenario in the Course's names.
const urlDesign = fromLink?.ok
  ? fromLink.design
  : scenario
    ? scenarioDesign(scenario, scenarioPresetFor(presetParam))
    : fromPreset;

const store = createAppStore({
  design: urlDesign ?? presetDesign('kubeadm'),
  designFromUrl: urlDesign !== null,
  theme: window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
  storage: window.localStorage,
  scenarioId: scenario?.id ?? null,
});
if (fromLink && !fromLink.ok)
  store.getState().notify({ tone: 'error', text: `${fromLink.error} Your saved design is shown instead.` });
// The design the URL named is open (and saved) now: a reload shows the saved one, with its edits, not the link's again.
if (urlDesign !== null || fromLink) history.replaceState(null, '', window.location.pathname);
// A link pasted into this tab's address bar only changes the fragment: open it as a fresh start would.
window.addEventListener('hashchange', () => {
  if (designFromFragment(window.location.hash) !== null) window.location.reload();
});

const keyPool = startBackgroundKeys(store);
// The generation worker loads once the first diagram is up, so that the click does not wait for its code.
window.setTimeout(prepareGeneration, 1_500);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <KeyPoolContext.Provider value={keyPool}>
        <App />
      </KeyPoolContext.Provider>
    </StoreContext.Provider>
  </StrictMode>,
);

// Built pages keep working offline once opened (the dev server reloads too often for that).
// The single HTML file needs none: it is all there, and file:// pages cannot have one.
if (import.meta.env.PROD && import.meta.env.MODE !== 'single' && 'serviceWorker' in navigator) {
  void navigator.serviceWorker.register('./sw.js').catch(() => undefined);
}
