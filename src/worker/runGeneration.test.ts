import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { GenerationInput } from './runGeneration';

/** Stands in for the generation Worker: records what it was sent, answers when told. */
class FakeWorker {
  static made: FakeWorker[] = [];
  sent: Array<{ type: string }> = [];
  terminated = false;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(message: { type: string }) {
    this.sent.push(message);
  }
  terminate() {
    this.terminated = true;
  }
  reply(data: unknown) {
    this.onmessage?.({ data });
  }
}
vi.mock('./generate.worker.ts?worker', () => ({ default: FakeWorker }));

const input = { design: {}, options: {} } as unknown as GenerationInput;
const done = {
  type: 'done',
  zip: new Uint8Array(),
  fileName: 'x.zip',
  fileCount: 0,
  certificates: {},
  kept: [],
  leftover: [],
};

describe('the prepared generation worker', () => {
  let mod: typeof import('./runGeneration');
  beforeEach(async () => {
    vi.resetModules();
    FakeWorker.made = [];
    mod = await import('./runGeneration');
  });

  it('is started and told to warm up ahead of the click, and the click uses it', () => {
    mod.prepareGeneration();
    expect(FakeWorker.made).toHaveLength(1);
    expect(FakeWorker.made[0]!.sent.map((m) => m.type)).toEqual(['warm-up']);
    mod.runGeneration(input, () => undefined);
    expect(FakeWorker.made).toHaveLength(1);
    expect(FakeWorker.made[0]!.sent.map((m) => m.type)).toEqual(['warm-up', 'generate']);
  });

  it('is not started beside a running generation; a finished run hands its own worker, hot, to the next click', async () => {
    const firstProgress: number[] = [];
    const nextProgress: number[] = [];
    const run = mod.runGeneration(input, (n) => firstProgress.push(n));
    mod.prepareGeneration();
    expect(FakeWorker.made).toHaveLength(1);
    FakeWorker.made[0]!.reply(done);
    await run.result;
    expect(FakeWorker.made[0]!.terminated).toBe(false);
    mod.prepareGeneration();
    expect(FakeWorker.made).toHaveLength(1);
    const next = mod.runGeneration(input, (n) => nextProgress.push(n));
    expect(FakeWorker.made).toHaveLength(1);
    expect(FakeWorker.made[0]!.sent.map((m) => m.type)).toEqual(['generate', 'generate']);
    // Its replies now go to the second run only.
    FakeWorker.made[0]!.reply({ type: 'progress', done: 1, total: 2 });
    expect(firstProgress).toEqual([]);
    expect(nextProgress).toEqual([1]);
    void next.result;
  });

  it('is ended after a cancelled or failed run, and a new one warms up at once, once', async () => {
    const cancelled = mod.runGeneration(input, () => undefined);
    cancelled.cancel();
    cancelled.cancel();
    await expect(cancelled.result).rejects.toThrow('cancelled');
    expect(FakeWorker.made[0]!.terminated).toBe(true);
    expect(FakeWorker.made).toHaveLength(2);
    expect(FakeWorker.made[1]!.sent.map((m) => m.type)).toEqual(['warm-up']);
    const failed = mod.runGeneration(input, () => undefined);
    FakeWorker.made[1]!.reply({ type: 'error', message: 'boom' });
    await expect(failed.result).rejects.toThrow('boom');
    expect(FakeWorker.made[1]!.terminated).toBe(true);
    expect(FakeWorker.made).toHaveLength(3);
    expect(FakeWorker.made[2]!.sent.map((m) => m.type)).toEqual(['warm-up']);
  });
});
