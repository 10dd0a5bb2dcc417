import { expect, test } from 'vitest';
import { buildPreset } from '../topology/presets';
import { generatePki } from './generate';

const topology = { ...buildPreset('course'), keyAlgorithm: 'ECDSA-P256' as const };
const total = topology.cas.length + topology.credentials.length + topology.keyPairs.length;

test('progress counts every CA, credential and key pair once, in order', async () => {
  const seen: Array<[number, number]> = [];
  const pki = await generatePki(topology, { onProgress: (done, of) => seen.push([done, of]) });
  expect(seen).toEqual(Array.from({ length: total }, (_, i) => [i + 1, total]));
  expect(pki.cas.size + pki.credentials.size + pki.keyPairs.size).toBe(total);
});

test('an aborted signal stops generation between keys', async () => {
  const controller = new AbortController();
  let progressed = 0;
  const run = generatePki(topology, {
    signal: controller.signal,
    onProgress: (done) => {
      progressed = done;
      if (done === 3) controller.abort(new Error('stop here'));
    },
  });
  await expect(run).rejects.toThrow('stop here');
  expect(progressed).toBe(3);
});

test('a credential whose CA is missing is reported by name', async () => {
  const [first, ...rest] = topology.credentials;
  if (!first) throw new Error('the course preset has credentials');
  const broken = { ...topology, credentials: [{ ...first, caId: 'ca:gone' as typeof first.caId }, ...rest] };
  await expect(generatePki(broken)).rejects.toThrow(`${first.label}: its CA ca:gone is not in the design`);
});
