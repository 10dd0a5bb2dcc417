import type { BundleOptions } from '../export/layouts';
import type { KeyBytes } from '../pki/keySource';
import type { Design } from '../topology/design';
import type { GenerateMessage, GenerateRequest, KeysMessage, WarmUpMessage } from './protocol';
// A ?worker import: the single-file build inlines it (see vite.config.ts).
import GenerateWorker from './generate.worker.ts?worker';

export interface GenerationResult {
  readonly zip: Uint8Array;
  readonly fileName: string;
  readonly fileCount: number;
  readonly certificates: Readonly<Record<string, string>>;
  readonly kept: readonly string[];
  readonly leftover: readonly KeyBytes[];
}

export interface GenerationRun {
  readonly result: Promise<GenerationResult>;
  /** Hands the worker a key another renderer made for it. */
  send(key: KeyBytes): void;
  /** Stops the worker at once; `result` then rejects with an AbortError. */
  cancel(): void;
}

export interface GenerationInput {
  readonly design: Design;
  readonly options: BundleOptions;
  readonly reuseCas?: GenerateRequest['reuseCas'];
  readonly keepKeyPairs?: GenerateRequest['keepKeyPairs'];
  /** Keys from the background pool: moved to the worker, never used again here. */
  readonly pooled?: readonly KeyBytes[];
  readonly pkcs12Password?: string;
  readonly keepLeaves?: GenerateRequest['keepLeaves'];
  readonly renewWithKeys?: GenerateRequest['renewWithKeys'];
}

const startWorker = () => new GenerateWorker();
/** A generation worker loaded ahead of the click: its code (and its signing worker's) is ready. */
let spare: Worker | null = null;

/** Loads the next generation's worker now, while nothing else is going on. */
export function prepareGeneration(): void {
  if (spare) return;
  spare = startWorker();
  const warmUp: WarmUpMessage = { type: 'warm-up' };
  spare.postMessage(warmUp);
}

/** Starts generating a design's bundle in a Web Worker (the prepared one, if any); each run gets a fresh worker. */
export function runGeneration(input: GenerationInput, onProgress: (done: number, total: number) => void): GenerationRun {
  const worker = spare ?? startWorker();
  spare = null;
  let cancel = () => {};
  let finished = false;
  const result = new Promise<GenerationResult>((resolve, reject) => {
    cancel = () => {
      finished = true;
      worker.terminate();
      reject(new DOMException('Generation cancelled', 'AbortError'));
    };
    worker.onmessage = (event: MessageEvent<GenerateMessage>) => {
      const message = event.data;
      if (message.type === 'progress') return onProgress(message.done, message.total);
      finished = true;
      worker.terminate();
      if (message.type === 'done') resolve(message);
      else reject(new Error(message.message));
    };
    worker.onerror = (event) => {
      finished = true;
      worker.terminate();
      reject(new Error(event.message || 'The generation worker failed to start'));
    };
  });
  const { design, options, reuseCas, keepKeyPairs, pooled = [], pkcs12Password, keepLeaves, renewWithKeys } = input;
  const request: GenerateRequest = {
    type: 'generate', design, options, pooled, ...(reuseCas ? { reuseCas } : {}), ...(keepKeyPairs ? { keepKeyPairs } : {}),
    ...(pkcs12Password ? { pkcs12Password } : {}), ...(keepLeaves ? { keepLeaves } : {}), ...(renewWithKeys ? { renewWithKeys } : {}),
  };
  worker.postMessage(request, pooled.flatMap((k) => [k.pkcs8, k.spki]));
  return {
    result,
    send: (key) => {
      if (finished) return;
      const message: KeysMessage = { type: 'keys', keys: [key] };
      worker.postMessage(message, [key.pkcs8, key.spki]);
    },
    cancel: () => cancel(),
  };
}
