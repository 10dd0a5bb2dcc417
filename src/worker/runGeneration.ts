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
/** Generations running now: no spare warms up beside one, it would take their cores. */
let running = 0;

/**
 * Loads the next generation's worker and warms its code with a throw-away bundle. Called once the
 * page has shown its first diagram, and by a generation that ends without a worker to hand on;
 * during a generation it does nothing (that generation's end prepares the next).
 */
export function prepareGeneration(): void {
  if (spare || running > 0) return;
  spare = startWorker();
  const warmUp: WarmUpMessage = { type: 'warm-up' };
  spare.postMessage(warmUp);
}

/**
 * Starts generating a design's bundle in a Web Worker: the prepared one, which is the last
 * generation's if that one finished, so its code is compiled however soon this click came.
 */
export function runGeneration(
  input: GenerationInput,
  onProgress: (done: number, total: number) => void,
): GenerationRun {
  const worker = spare ?? startWorker();
  spare = null;
  running++;
  let cancel = () => {};
  let finished = false;
  // A finished worker stays for the next click, hot. One cancelled or failed is ended, and a new
  // one warms up at once: preparing it later, on a timer, left a window where a click started a
  // cold worker and the warm-up then took its cores (the ECDSA bench figure that varied by machine).
  const end = (reuse: boolean) => {
    if (finished) return;
    finished = true;
    running--;
    worker.onmessage = null;
    worker.onerror = null;
    if (reuse && !spare) spare = worker;
    else worker.terminate();
    prepareGeneration();
  };
  const result = new Promise<GenerationResult>((resolve, reject) => {
    cancel = () => {
      end(false);
      reject(new DOMException('Generation cancelled', 'AbortError'));
    };
    worker.onmessage = (event: MessageEvent<GenerateMessage>) => {
      const message = event.data;
      if (message.type === 'progress') return onProgress(message.done, message.total);
      end(message.type === 'done');
      if (message.type === 'done') resolve(message);
      else reject(new Error(message.message));
    };
    worker.onerror = (event) => {
      end(false);
      reject(new Error(event.message || 'The generation worker failed to start'));
    };
  });
  const { design, options, reuseCas, keepKeyPairs, pooled = [], pkcs12Password, keepLeaves, renewWithKeys } = input;
  const request: GenerateRequest = {
    type: 'generate',
    design,
    options,
    pooled,
    ...(reuseCas ? { reuseCas } : {}),
    ...(keepKeyPairs ? { keepKeyPairs } : {}),
    ...(pkcs12Password ? { pkcs12Password } : {}),
    ...(keepLeaves ? { keepLeaves } : {}),
    ...(renewWithKeys ? { renewWithKeys } : {}),
  };
  worker.postMessage(
    request,
    pooled.flatMap((k) => [k.pkcs8, k.spki]),
  );
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
