import { expect, test } from 'vitest';
import type { StateStorage } from 'zustand/middleware';
import { createAppStore } from './createAppStore';

function sharedStorage(): StateStorage & { raw: Map<string, string> } {
  const raw = new Map<string, string>();
  return { raw, getItem: (k) => raw.get(k) ?? null, setItem: (k, v) => void raw.set(k, v), removeItem: (k) => void raw.delete(k) };
}

test('the design and theme survive a reload', () => {
  const storage = sharedStorage();
  const first = createAppStore({ preset: 'kubeadm', theme: 'light', storage });
  first.getState().choosePreset('hardway');
  first.getState().setKeyAlgorithm('ECDSA-P256');
  first.getState().toggleTheme();

  const reloaded = createAppStore({ preset: 'kubeadm', theme: 'light', storage });
  expect(reloaded.getState().presetId).toBe('hardway');
  expect(reloaded.getState().topology.keyAlgorithm).toBe('ECDSA-P256');
  expect(reloaded.getState().topology.clusterName).toBe('kubernetes-the-hard-way');
  expect(reloaded.getState().theme).toBe('dark');
});

test('a preset named in the URL wins over the persisted design, keeping the theme', () => {
  const storage = sharedStorage();
  const first = createAppStore({ preset: 'kubeadm', theme: 'light', storage });
  first.getState().choosePreset('course');
  first.getState().toggleTheme();
  const fromUrl = createAppStore({ preset: 'kubeadm', theme: 'light', storage, presetFromUrl: true });
  expect(fromUrl.getState().presetId).toBe('kubeadm');
  expect(fromUrl.getState().theme).toBe('dark');
});

test.each([
  ['not JSON', '{oops'],
  ['a foreign shape', JSON.stringify({ state: { presetId: 'minikube', params: {} }, version: 1 })],
  ['an unknown key algorithm', JSON.stringify({ state: { presetId: 'course', params: { keyAlgorithm: 'DSA-1024' } }, version: 1 })],
  ['params the preset cannot build', JSON.stringify({ state: { presetId: 'kubeadm', params: { keyAlgorithm: 'RSA-2048', controlPlane: [] }, theme: 'dark' }, version: 1 })],
])('stored data with %s is dropped, and the page starts from the default design', (_, stored) => {
  const storage = sharedStorage();
  storage.raw.set('k8s-tls-designer', stored);
  const store = createAppStore({ preset: 'kubeadm', theme: 'light', storage });
  expect(store.getState().presetId).toBe('kubeadm');
  expect(store.getState().topology.credentials.length).toBeGreaterThan(10);
});
