import type { BundleOptions } from '../export/layouts';
import type { Design } from '../topology/design';
import type { GenerateMessage, GenerateRequest } from './protocol';

export interface GenerationResult {
  readonly zip: Uint8Array;
  readonly fileName: string;
  readonly fileCount: number;
  readonly certificates: Readonly<Record<string, string>>;
  readonly kept: readonly string[];
}

export interface GenerationRun {
  readonly result: Promise<GenerationResult>;
  /** Stops the worker at once; `result` then rejects with an AbortError. */
  cancel(): void;
}

/** Starts generating a design's bundle in a Web Worker. */
export function runGeneration(
  design: Design, options: BundleOptions, onProgress: (done: number, total: number) => void, reuseCas?: GenerateRequest['reuseCas'],
  keepKeyPairs?: GenerateRequest['keepKeyPairs'],
): GenerationRun {
  const worker = new Worker(new URL('./generate.worker.ts', import.meta.url), { type: 'module' });
  let cancel = () => {};
  const result = new Promise<GenerationResult>((resolve, reject) => {
    cancel = () => {
      worker.terminate();
      reject(new DOMException('Generation cancelled', 'AbortError'));
    };
    worker.onmessage = (event: MessageEvent<GenerateMessage>) => {
      const message = event.data;
      if (message.type === 'progress') return onProgress(message.done, message.total);
      worker.terminate();
      if (message.type === 'done') resolve(message);
      else reject(new Error(message.message));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'The generation worker failed to start'));
    };
  });
  const request: GenerateRequest = { type: 'generate', design, options, ...(reuseCas ? { reuseCas } : {}), ...(keepKeyPairs ? { keepKeyPairs } : {}) };
  worker.postMessage(request);
  return { result, cancel: () => cancel() };
}
