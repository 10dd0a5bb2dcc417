import type { Design } from '../topology/design';
import type { SliceCreator } from './appState';

export type GenerationStatus =
  | { readonly phase: 'idle' }
  | {
      readonly phase: 'running';
      readonly done: number;
      readonly total: number;
      /** Keys (with their certificates) per second so far, and the time left at that rate. */
      readonly perSecond: number;
      readonly secondsLeft: number | null;
    }
  | { readonly phase: 'done'; readonly fileName: string; readonly fileCount: number }
  | { readonly phase: 'cancelled' }
  | { readonly phase: 'failed'; readonly message: string };

/** Certificates of a design: read from an import, or made by the last bundle (and which CAs and key pairs it kept as imported). */
export interface Generated {
  readonly design: Design;
  readonly certificates: Readonly<Record<string, string>>;
  readonly source: 'imported' | 'generated';
  readonly kept?: readonly string[];
}

export interface GenerationSlice {
  generation: GenerationStatus;
  setGeneration(status: GenerationStatus): void;
  /**
   * The last bundle's certificates (public material only) by element id, and the design they
   * were made for; kept in memory, never persisted.
   */
  generated: Generated | null;
  setGenerated(generated: GenerationSlice['generated']): void;
}

export const createGenerationSlice: SliceCreator<GenerationSlice> = (set) => ({
  generation: { phase: 'idle' },
  setGeneration: (generation) => set({ generation }),
  generated: null,
  setGenerated: (generated) => set({ generated }),
});
