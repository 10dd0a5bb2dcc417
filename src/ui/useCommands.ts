import { useContext, useMemo } from 'react';
import { useReactFlow } from '@xyflow/react';
import { designToFragment } from '../export/shareLink';
import { StoreContext, useAppStore } from '../store/StoreContext';
import {
  selectCanRedo,
  selectCanUndo,
  selectHasPlacements,
  selectPresetId,
  selectSelection,
  selectTopology,
} from '../store/selectors';
import { serializeDesign } from '../topology/designSchema';
import { addCa, addControlPlane, addWorker, removeElement, tidyUp, type DesignEdit } from '../topology/edits';
import { renderDiagram } from './canvas/exportImage';
import { canvasMetrics } from './canvas/sizes';
import { downloadDataUrl, downloadFile } from './download';

export interface Command {
  readonly id: string;
  readonly label: string;
  /** Shown in the button's tooltip, e.g. "Ctrl+Z". */
  readonly shortcut?: string;
  readonly enabled: boolean;
  /** Why the command is disabled, for the tooltip. */
  readonly disabledReason?: string;
  run(): void;
}

/**
 * Every editing command, in one place: toolbar buttons and keyboard shortcuts both call these
 * (excalidraw's actions). `openFile` is how the Open design command reaches the file picker.
 */
export function useCommands(openFile: () => void): Record<string, Command> {
  const store = useContext(StoreContext)!;
  const canUndo = useAppStore(selectCanUndo);
  const canRedo = useAppStore(selectCanRedo);
  const presetId = useAppStore(selectPresetId);
  const selection = useAppStore(selectSelection);
  const topology = useAppStore(selectTopology);
  const placed = useAppStore(selectHasPlacements);
  const { getNodes, getEdges } = useReactFlow();

  return useMemo(() => {
    const state = () => store.getState();
    const edit = (change: DesignEdit) => {
      const refused = state().apply(change);
      state().notify(refused ? { tone: 'error', text: refused } : null);
    };
    const exportImage = (format: 'png' | 'svg') => {
      renderDiagram(
        getNodes(),
        getEdges(),
        format,
        `${topology.clusterName}: TLS connections and certificates`,
        canvasMetrics(state().largeType),
      )
        .then((url) => downloadDataUrl(url, `${topology.clusterName}-tls.${format}`))
        .catch((error: unknown) => state().notify({ tone: 'error', text: `Export failed: ${String(error)}` }));
    };
    const deletable = selection !== null && selection.kind !== 'credential';
    return {
      addWorker: { id: 'addWorker', label: 'Add worker node', enabled: true, run: () => edit(addWorker) },
      addControlPlane: {
        id: 'addControlPlane',
        label: 'Add control-plane node',
        enabled: presetId !== 'hardway',
        disabledReason: 'Kubernetes The Hard Way has a single server node.',
        run: () => edit(addControlPlane),
      },
      addCa: { id: 'addCa', label: 'Add CA', enabled: true, run: () => edit(addCa) },
      undo: { id: 'undo', label: 'Undo', shortcut: 'Ctrl+Z', enabled: canUndo, run: () => state().undo() },
      redo: { id: 'redo', label: 'Redo', shortcut: 'Ctrl+Shift+Z', enabled: canRedo, run: () => state().redo() },
      deleteSelection: {
        id: 'deleteSelection',
        label: 'Delete',
        shortcut: 'Delete',
        enabled: deletable,
        disabledReason: 'Select a node, component, connection or CA first.',
        run: () => {
          if (!selection) return;
          edit(removeElement(selection.id));
          if (!state().notice) state().select(null);
        },
      },
      saveDesign: {
        id: 'saveDesign',
        label: 'Save design',
        shortcut: 'Ctrl+S',
        enabled: true,
        run: () =>
          downloadFile(serializeDesign(state().design), `${topology.clusterName}-design.json`, 'application/json'),
      },
      openDesign: { id: 'openDesign', label: 'Open design', shortcut: 'Ctrl+O', enabled: true, run: openFile },
      shareLink: {
        id: 'shareLink',
        label: 'Share link',
        enabled: true,
        run: () => {
          const url = `${window.location.origin}${window.location.pathname}${designToFragment(state().design)}`;
          navigator.clipboard.writeText(url).then(
            () => state().notify({ tone: 'info', text: 'Share link copied: it carries the whole design, and no key.' }),
            () => state().notify({ tone: 'info', text: `Share link: ${url}` }),
          );
        },
      },
      tidyUp: {
        id: 'tidyUp',
        label: 'Tidy up',
        enabled: placed,
        disabledReason: 'Nothing was moved by hand: the diagram is laid out by its bands.',
        run: () => edit(tidyUp),
      },
      exportPng: { id: 'exportPng', label: 'Export PNG', enabled: true, run: () => exportImage('png') },
      exportSvg: { id: 'exportSvg', label: 'Export SVG', enabled: true, run: () => exportImage('svg') },
    };
  }, [store, canUndo, canRedo, presetId, selection, topology.clusterName, getNodes, getEdges, openFile, placed]);
}
