import { expect, test } from 'vitest';
import { memoryStorage, type SyncStorage } from './setAside';
import { addCa, addWorker, updateCredential, updateParams } from '../topology/edits';
import type { CredentialId } from '../topology/model';
import { createAppStore } from './createAppStore';
import { presetDesign } from './designSlice';
import { selectTopology } from './selectors';

const sharedStorage = memoryStorage;

const fresh = (storage = sharedStorage(), fromUrl = false) =>
  createAppStore({ design: presetDesign('kubeadm'), theme: 'light', storage, designFromUrl: fromUrl });

test('the design with its edits, and the theme, survive a reload', () => {
  const storage = sharedStorage();
  const first = fresh(storage);
  first.getState().choosePreset('hardway');
  first.getState().apply(updateParams({ keyAlgorithm: 'ECDSA-P256' }));
  first.getState().apply(addWorker);
  first.getState().toggleTheme();

  const reloaded = fresh(storage);
  const topology = selectTopology(reloaded.getState());
  expect(reloaded.getState().design.presetId).toBe('hardway');
  expect(topology.keyAlgorithm).toBe('ECDSA-P256');
  expect(topology.hosts.map((h) => h.name)).toEqual(['server', 'node-0', 'node-1', 'node-2']);
  expect(reloaded.getState().theme).toBe('dark');
});

test('undo and redo walk the history; a new edit clears what could be redone', () => {
  const store = fresh();
  const { apply } = store.getState();
  apply(addWorker);
  apply(addCa);
  expect(selectTopology(store.getState()).hosts).toHaveLength(4);
  expect(selectTopology(store.getState()).cas).toHaveLength(4);
  store.getState().undo();
  expect(selectTopology(store.getState()).cas).toHaveLength(3);
  store.getState().undo();
  expect(selectTopology(store.getState()).hosts).toHaveLength(3);
  store.getState().undo();
  expect(store.getState().past).toHaveLength(0);
  store.getState().redo();
  expect(selectTopology(store.getState()).hosts).toHaveLength(4);
  apply(updateCredential('cred:apiserver@controlplane' as CredentialId, { dnsNames: ['api.example.com'] }));
  expect(store.getState().future).toHaveLength(0);
});

test('a refused edit says why and changes nothing', () => {
  const store = fresh();
  const before = store.getState().design;
  const refused = store.getState().apply(() => {
    throw new Error('A cluster needs at least one control-plane node.');
  });
  expect(refused).toBe('A cluster needs at least one control-plane node.');
  expect(store.getState().design).toBe(before);
  expect(store.getState().past).toHaveLength(0);
});

test('a design named in the URL wins over the persisted one, keeping the theme', () => {
  const storage = sharedStorage();
  const first = fresh(storage);
  first.getState().choosePreset('course');
  first.getState().toggleTheme();
  const fromUrl = fresh(storage, true);
  expect(fromUrl.getState().design.presetId).toBe('kubeadm');
  expect(fromUrl.getState().theme).toBe('dark');
});

test.each([
  ['not JSON', '{oops'],
  ['a foreign shape', JSON.stringify({ state: { design: { presetId: 'minikube' } }, version: 2 })],
  [
    'an unknown key algorithm',
    JSON.stringify({
      state: {
        design: { ...presetDesign('course'), params: { ...presetDesign('course').params, keyAlgorithm: 'DSA-1024' } },
      },
      version: 2,
    }),
  ],
  [
    'a design that does not build',
    JSON.stringify({
      state: {
        design: { ...presetDesign('course'), params: { ...presetDesign('course').params, serviceCidr: 'nope' } },
      },
      version: 2,
    }),
  ],
  [
    'a value the inspector refuses',
    JSON.stringify({
      state: {
        design: {
          ...presetDesign('course'),
          params: { ...presetDesign('course').params, clusterName: 'x'.repeat(2500) },
        },
      },
      version: 2,
    }),
  ],
  ["the first version's format", JSON.stringify({ state: { presetId: 'course', params: {} }, version: 1 })],
])('stored data with %s is set aside, never overwritten; the person is told and the page starts', (_, stored) => {
  const storage = sharedStorage();
  storage.raw.set('k8s-tls-designer', stored);
  const store = fresh(storage);
  expect(store.getState().design).toEqual(presetDesign('kubeadm'));
  expect(store.getState().notice).toMatchObject({
    tone: 'error',
    text: expect.stringMatching(/set aside, not deleted/),
  });
  const [aside] = store.getState().setAside;
  expect(aside?.loads).toBe(false);
  // Nothing of what was stored is lost: its text is kept whole, even after edits and a reload.
  const original = JSON.parse(stored.startsWith('{oops') ? '{}' : stored);
  if (stored.startsWith('{oops')) expect(aside?.text).toBe(stored);
  else
    expect(JSON.stringify(JSON.parse(aside!.text).design ?? null)).toBe(
      JSON.stringify(original.state?.design ?? original.state),
    );
  store.getState().apply(addWorker);
  expect(fresh(storage).getState().setAside).toEqual([aside]);
});

test('a link opens beside the stored design: it is set aside, Undo and Restore both bring it back', () => {
  const storage = sharedStorage();
  const mine = fresh(storage);
  mine.getState().apply(addCa);
  const myDesign = mine.getState().design;

  const visiting = fresh(storage, true);
  expect(visiting.getState().design).toEqual(presetDesign('kubeadm'));
  expect(visiting.getState().notice?.text).toMatch(/set aside, not replaced/);
  visiting.getState().apply(addWorker);
  visiting.getState().undo();
  visiting.getState().undo();
  expect(visiting.getState().design).toEqual(myDesign);

  // Edited and reloaded, the link's design is the current one, and mine is still aside.
  visiting.getState().redo();
  visiting.getState().redo();
  const reloaded = fresh(storage);
  const [aside] = reloaded.getState().setAside;
  expect(aside?.loads).toBe(true);
  reloaded.getState().restoreSetAside(aside!.savedAt);
  expect(reloaded.getState().design).toEqual(myDesign);
  // The design it replaced went aside in its turn.
  expect(reloaded.getState().setAside.map((e) => e.reason)).toEqual(['Your design when you restored another one.']);
});

test('an unedited stored preset is not set aside when a link opens another design', () => {
  const storage = sharedStorage();
  fresh(storage).getState().choosePreset('course');
  const visiting = fresh(storage, true);
  expect(visiting.getState().setAside).toEqual([]);
  expect(visiting.getState().notice).toBeNull();
});

test('a full storage is reported, never thrown, and a design it could not set aside is never overwritten', () => {
  const storage = sharedStorage();
  const stored = JSON.stringify({ state: { design: { presetId: 'minikube' } }, version: 2 });
  storage.raw.set('k8s-tls-designer', stored);
  const full: SyncStorage = {
    ...storage,
    setItem: () => {
      throw new DOMException('quota', 'QuotaExceededError');
    },
  };
  const store = fresh(full as typeof storage);
  expect(store.getState().notice?.text).toMatch(/storage is full/);
  expect(store.getState().apply(addWorker)).toBeNull();
  expect(storage.raw.get('k8s-tls-designer')).toBe(stored);
});
