import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore } from '../store/createAppStore';
import { StoreContext } from '../store/StoreContext';
import { isPresetId } from '../topology/presetParams';
import { App } from './App';
import '../ui/styles.css';

const fromUrl = new URLSearchParams(window.location.search).get('preset');
const prefersDark = window.matchMedia('(prefers-color-scheme: dark)').matches;
const store = createAppStore({
  preset: isPresetId(fromUrl) ? fromUrl : 'kubeadm',
  presetFromUrl: isPresetId(fromUrl),
  theme: prefersDark ? 'dark' : 'light',
  storage: window.localStorage,
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
