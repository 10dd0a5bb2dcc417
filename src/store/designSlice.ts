import { NO_EDITS, type Design } from '../topology/design';
import type { DesignEdit } from '../topology/edits';
import { describeProblem, designProblem } from '../topology/designRules';
import { PRESET_DEFAULTS } from '../topology/presets';
import type { PresetId } from '../topology/presetParams';
import type { SliceCreator } from './appState';

/** How many steps Undo can go back. */
const HISTORY_LIMIT = 200;

export interface DesignSlice {
  design: Design;
  past: Design[];
  future: Design[];
  /** Applies an edit as one undoable step; returns why it was refused, or null. */
  apply(edit: DesignEdit): string | null;
  choosePreset(id: PresetId): void;
  /** Replaces the whole design (opened file, share link) as one undoable step. */
  replaceDesign(design: Design): void;
  /** The person's design while a Break-it scenario or the tour plays on a copy; restored when they leave. */
  workshopReturn: Design | null;
  /** Plays `design` (a scenario's, the tour's) over the person's, keeping theirs to come back to. */
  enterWorkshop(design: Design): void;
  /** Back to the person's design exactly as it was before the scenario or tour. */
  leaveWorkshop(): void;
  undo(): void;
  redo(): void;
}

export function presetDesign(presetId: PresetId): Design {
  return { presetId, params: PRESET_DEFAULTS[presetId], edits: NO_EDITS };
}

export const createDesignSlice =
  (initial: Design): SliceCreator<DesignSlice> =>
  (set, get) => {
    const commit = (next: Design) =>
      set((s) => ({ design: next, past: [...s.past, s.design].slice(-HISTORY_LIMIT), future: [] }));
    return {
      design: initial,
      past: [],
      future: [],
      apply: (edit) => {
        try {
          const next = edit(get().design);
          if (next === get().design) return null;
          // The same gate as every other way in: the design never holds what a link or file could not.
          const problem = designProblem(next);
          if (problem) return describeProblem(problem);
          commit(next);
          return null;
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      },
      choosePreset: (id) => commit(presetDesign(id)),
      replaceDesign: (design) => commit(design),
      workshopReturn: null,
      enterWorkshop: (design) => {
        set((s) => ({ workshopReturn: s.workshopReturn ?? s.design }));
        commit(design);
      },
      leaveWorkshop: () => {
        const back = get().workshopReturn;
        set({ workshopReturn: null });
        if (back) commit(back);
      },
      undo: () =>
        set((s) => {
          const previous = s.past.at(-1);
          return previous ? { design: previous, past: s.past.slice(0, -1), future: [s.design, ...s.future] } : s;
        }),
      redo: () =>
        set((s) => {
          const [next, ...rest] = s.future;
          return next ? { design: next, past: [...s.past, s.design], future: rest } : s;
        }),
    };
  };
