import { Component, type ReactNode } from 'react';
import { StoreContext } from '../store/StoreContext';
import { setAside } from '../store/setAside';
import { serializeDesign } from '../topology/designSchema';
import { downloadFile } from './download';

interface State {
  readonly error: string | null;
}

/**
 * The last line of defence: every design passes the field rules before it is drawn, but should
 * drawing one still fail, the page says so and offers the design for download instead of going blank.
 */
export class DrawingErrorBoundary extends Component<{ children: ReactNode; storage: Storage | null }, State> {
  static contextType = StoreContext;
  declare context: React.ContextType<typeof StoreContext>;
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  private download = () => {
    const design = this.context?.getState().design;
    if (design) downloadFile(serializeDesign(design), 'design-that-could-not-be-drawn.json', 'application/json');
  };

  private startAgain = () => {
    const store = this.context;
    if (!store) return;
    const state = store.getState();
    if (this.props.storage) {
      try {
        setAside(this.props.storage, {
          reason: `It could not be drawn: ${this.state.error ?? ''}`,
          text: serializeDesign(state.design),
          loads: false,
        });
      } catch {
        // A full storage: the person was offered the download above; starting again must still work.
      }
    }
    state.choosePreset('kubeadm');
    this.setState({ error: null });
  };

  render() {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="crash" role="alert">
        <h1>This design could not be drawn</h1>
        <pre>{this.state.error}</pre>
        <p>
          Your design is still here. Download it to keep it, then start again from a preset; it is also set aside in
          this browser.
        </p>
        <button type="button" onClick={this.download}>
          Download the design
        </button>
        <button type="button" onClick={this.startAgain}>
          Start again from the kubeadm preset
        </button>
      </div>
    );
  }
}
