import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import { StoreContext, useAppStore } from '../store/StoreContext';
import { selectLargeType } from '../store/selectors';

/**
 * Presenting from the toolbar, where the buttons stay when the side panel is hidden: Large type
 * (the canvas's and the panels' text, for the back of the room), and Present (the panel hidden,
 * the page full screen; leaving full screen, with Escape too, ends it and brings the panel back).
 */
export function PresentButtons() {
  const store = useContext(StoreContext);
  const largeType = useAppStore(selectLargeType);
  const [presenting, setPresenting] = useState(false);
  // Whether the panel was open before presenting: ending it gives back what the person had.
  const panelBefore = useRef(true);

  const stop = useCallback(() => {
    setPresenting(false);
    const state = store?.getState();
    if (state && panelBefore.current && !state.showPanel) state.togglePanel();
  }, [store]);
  useEffect(() => {
    if (!presenting) return;
    const onChange = () => {
      if (!document.fullscreenElement) stop();
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [presenting, stop]);

  const toggle = () => {
    const state = store?.getState();
    if (!state) return;
    if (presenting) {
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
      stop();
      return;
    }
    panelBefore.current = state.showPanel;
    if (state.showPanel) state.togglePanel();
    setPresenting(true);
    // Full screen may be refused (an embedding frame, a browser setting): presenting goes on without it.
    void document.documentElement.requestFullscreen?.().catch(() => undefined);
  };

  return (
    <>
      <button
        type="button"
        className="icon-button"
        aria-pressed={largeType}
        onClick={() => store?.getState().toggleLargeType()}
        aria-label="Large type"
        title="Large type: larger text on the canvas and in the panels, for the back of the room"
      >
        <span aria-hidden="true" className="large-type-icon">
          A<span>A</span>
        </span>
      </button>
      <button
        type="button"
        aria-pressed={presenting}
        onClick={toggle}
        title="Hide the side panel and go full screen; press again or Escape to end"
      >
        <span aria-hidden="true">▶ </span>Present
      </button>
    </>
  );
}
