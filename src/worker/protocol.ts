import type { Topology } from '../topology/model';

/** Main thread -> worker. */
export interface GenerateRequest {
  readonly type: 'generate';
  readonly topology: Topology;
}

/** Worker -> main thread. */
export type GenerateMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly zip: Uint8Array; readonly fileName: string; readonly fileCount: number }
  | { readonly type: 'error'; readonly message: string };
