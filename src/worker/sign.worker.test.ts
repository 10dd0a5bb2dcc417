import { describe, expect, it, vi } from 'vitest';

// signLeaves stands in: each call waits until the test lets it go (the real one awaits WebCrypto),
// then records the leaves it issued.
const issuedFor: string[] = [];
const waiting: Array<() => void> = [];
vi.mock('../export/leafSigning', () => ({
  signLeaves: async (_cas: unknown, jobs: Array<{ caId: string }>) => {
    await new Promise<void>((resolve) => waiting.push(resolve));
    issuedFor.push(...jobs.map((j) => j.caId));
    return jobs.map((j) => ({ certPem: j.caId, keyPem: '' }));
  },
}));

const turn = () => new Promise((resolve) => setTimeout(resolve, 0));
/** Lets the oldest waiting signLeaves call finish. */
async function release() {
  await vi.waitFor(() => expect(waiting.length).toBeGreaterThan(0));
  waiting.shift()!();
  await turn();
}

describe('the signing worker', () => {
  it('stops a warm-up share at its next leaf once a real request comes, and answers both', async () => {
    const replies: Array<{ id: number; issued?: unknown[] }> = [];
    const scope = {
      postMessage: (m: { id: number; issued?: unknown[] }) => replies.push(m),
      onmessage: null as null | ((e: { data: unknown }) => Promise<void>),
    };
    vi.stubGlobal('self', scope);
    await import('./sign.worker');
    const jobs = (name: string, n: number) => Array.from({ length: n }, () => ({ caId: name }));
    let settled = 0;
    void scope.onmessage!({ data: { id: 1, cas: [], jobs: jobs('warm-up', 30), warmUp: true } }).then(() => settled++);
    // Two warm-up leaves are issued, a third is under way when the person's request arrives.
    await release();
    await release();
    void scope.onmessage!({ data: { id: 2, cas: [], jobs: jobs('real', 5) } }).then(() => settled++);
    while (settled < 2) {
      if (waiting.length > 0) waiting.shift()!();
      await turn();
    }
    expect(issuedFor.filter((c) => c === 'warm-up')).toHaveLength(3);
    expect(issuedFor.filter((c) => c === 'real')).toHaveLength(5);
    expect(replies.find((r) => r.id === 1)?.issued).toHaveLength(3);
    expect(replies.find((r) => r.id === 2)?.issued).toHaveLength(5);
    vi.unstubAllGlobals();
  });
});
