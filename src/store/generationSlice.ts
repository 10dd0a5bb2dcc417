import type { SliceCreator } from './appState';

export type GenerationStatus =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running'; readonly done: number; readonly total: number }
  | { readonly phase: 'done'; readonly fileName: string; readonly fileCount: number }
  | { readonly phase: 'cancelled' }
  | { readonly phase: 'failed'; readonly message: string };

export interface GenerationSlice {
  generation: GenerationStatus;
  setGeneration(status: GenerationStatus): void;
}

export const createGenerationSlice: SliceCreator<GenerationSlice> = (set) => ({
  generation: { phase: 'idle' },
  setGeneration: (generation) => set({ generation }),
});
