import { useCallback, useEffect, useRef } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { useAppStore } from '../store/StoreContext';
import { selectLargeType, selectShowPanel, selectShowTimeline, selectTheme } from '../store/selectors';
import type { AppState } from '../store/appState';
import { TopologyCanvas } from '../ui/canvas/TopologyCanvas';
import { DrawingErrorBoundary } from '../ui/DrawingErrorBoundary';
import { NoticeBar } from '../ui/NoticeBar';
import { SetAsideBar } from '../ui/SetAsideBar';
import { OpenDesignInput } from '../ui/OpenDesignInput';
import { SidePanel } from '../ui/panels/SidePanel';
import { Toolbar } from '../ui/Toolbar';
import { useCommands } from '../ui/useCommands';
import { usePageDrop } from '../ui/importing/usePageDrop';
import { useShortcuts } from '../ui/useShortcuts';
import { ExpiryTimeline } from '../ui/timeline/ExpiryTimeline';
import { ScenarioBanner } from '../ui/workshop/ScenarioBanner';
import { TourPanel } from '../ui/workshop/TourPanel';

const selectSetTimeline = (s: AppState) => s.setShowTimeline;

function Workspace() {
  const fileInput = useRef<HTMLInputElement>(null);
  const openFile = useCallback(() => fileInput.current?.click(), []);
  const commands = useCommands(openFile);
  useShortcuts(commands);
  usePageDrop();
  const showPanel = useAppStore(selectShowPanel);
  const showTimeline = useAppStore(selectShowTimeline);
  const setTimeline = useAppStore(selectSetTimeline);
  return (
    <>
      {/* Only while there is a panel to skip to (Present and Side panel hide it). */}
      {showPanel && (
        <a className="skip-link" href="#side-panel">
          Skip to the side panel
        </a>
      )}
      <Toolbar commands={commands} />
      <OpenDesignInput ref={fileInput} />
      <NoticeBar />
      <SetAsideBar />
      <ScenarioBanner />
      <main className="workspace">
        <section className="canvas" aria-label="Topology">
          <TopologyCanvas />
          <TourPanel />
          {showTimeline && <ExpiryTimeline onClose={() => setTimeline(false)} />}
        </section>
        {showPanel && <SidePanel />}
      </main>
    </>
  );
}

export function App() {
  const theme = useAppStore(selectTheme);
  const largeType = useAppStore(selectLargeType);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.classList.toggle('large-type', largeType);
  }, [theme, largeType]);
  return (
    <div className="app">
      <DrawingErrorBoundary storage={window.localStorage}>
        <ReactFlowProvider>
          <Workspace />
        </ReactFlowProvider>
      </DrawingErrorBoundary>
    </div>
  );
}
