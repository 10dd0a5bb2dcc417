import type { StateCreator } from 'zustand';
import type { DesignSlice } from './designSlice';
import type { GenerationSlice } from './generationSlice';
import type { SelectionSlice } from './selectionSlice';
import type { SetAsideSlice } from './setAsideSlice';
import type { UiSlice } from './uiSlice';

export type AppState = DesignSlice & SelectionSlice & GenerationSlice & UiSlice & SetAsideSlice;

/** A slice creator for the combined store, which runs under the persist middleware. */
export type SliceCreator<T> = StateCreator<AppState, [['zustand/persist', unknown]], [], T>;
