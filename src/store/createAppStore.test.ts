import { expect, test } from 'vitest';
import type { StateStorage } from 'zustand/middleware';
import { addCa, addWorker, updateCredential, updateParams } from '../topology/edits';
import type { CredentialId } from '../topology/model';
import { createAppStore } from './createAppStore';
import { presetDesign } from './designSlice';
import { selectTopology } from './selectors';

function sharedStorage(): StateStorage & { raw: Map<string, string> } {
  const raw = new Map<string, string>();
  return { raw, getItem: (k) => raw.get(k) ?? null, setItem: (k, v) => void raw.set(k, v), removeItem: (k) => void raw.delete(k) };
}

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
  ['an unknown key algorithm', JSON.stringify({ state: { design: { ...presetDesign('course'), params: { ...presetDesign('course').params, keyAlgorithm: 'DSA-1024' } } }, version: 2 })],
  ['a design that does not build', JSON.stringify({ state: { design: { ...presetDesign('course'), params: { ...presetDesign('course').params, serviceCidr: 'nope' } } }, version: 2 })],
  ['the first version\'s format', JSON.stringify({ state: { presetId: 'course', params: {} }, version: 1 })],
])('stored data with %s is dropped, and the page starts from its default design', (_, stored) => {
  const storage = sharedStorage();
  storage.raw.set('k8s-tls-designer', stored);
  const store = fresh(storage);
  expect(store.getState().design).toEqual(presetDesign('kubeadm'));
});
