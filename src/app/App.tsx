import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { useAppStore } from '../store/StoreContext';
import type { AppState } from '../store/appState';
import { TopologyCanvas } from '../ui/canvas/TopologyCanvas';
import { SidePanel } from '../ui/panels/SidePanel';
import { Toolbar } from '../ui/Toolbar';

const selectTopology = (s: AppState) => s.topology;
const selectTheme = (s: AppState) => s.theme;

export function App() {
  const topology = useAppStore(selectTopology);
  const theme = useAppStore(selectTheme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="app">
      <Toolbar />
      <main className="workspace">
        <section className="canvas" aria-label="Topology">
          <ReactFlowProvider>
            <TopologyCanvas topology={topology} colorMode={theme} />
          </ReactFlowProvider>
        </section>
        <SidePanel />
      </main>
    </div>
  );
}
