import { expect, test } from 'vitest';
import { NO_EDITS, topologyOf } from './design';
import type { Design } from './design';
import { addToIpv4, expandDesign, keyCount } from './pools';
import { PRESET_DEFAULTS } from './presets';
import type { PresetId } from './presetParams';

const poolDesign = (presetId: PresetId, count: number): Design => ({
  presetId,
  params: { ...PRESET_DEFAULTS[presetId], workers: [{ name: 'pool-a', ip: '10.1.0.250', count }] },
  edits: NO_EDITS,
});
const withPool = (presetId: PresetId, count: number) => topologyOf(poolDesign(presetId, count));
const expandPools = (presetId: PresetId, count: number) => topologyOf(expandDesign(poolDesign(presetId, count)));

test('IPv4 addresses carry into the next octet', () => {
  expect(addToIpv4('10.1.0.250', 0)).toBe('10.1.0.250');
  expect(addToIpv4('10.1.0.250', 10)).toBe('10.1.1.4');
  expect(addToIpv4('10.255.255.255', 1)).toBe('11.0.0.0');
  expect(() => addToIpv4('255.255.255.255', 1)).toThrow(/leaves the IPv4 space/);
});

test('a kubeadm pool of 1,000 is one host in the design and 1,000 kubelets at generation', () => {
  const topology = withPool('kubeadm', 1000);
  expect(topology.hosts.filter((h) => h.role === 'worker')).toHaveLength(1);
  const expanded = expandPools('kubeadm', 1000);
  const kubelets = expanded.credentials.filter((c) => c.kubeconfig?.userName.startsWith('system:node:pool-a-'));
  expect(kubelets).toHaveLength(1000);
  const k7 = kubelets.find((c) => c.kubeconfig?.userName === 'system:node:pool-a-7');
  expect(k7?.kubeconfig?.file).toBe('nodes/pool-a-7/kubelet.conf');
  expect(k7?.subject).toContainEqual({ type: 'O', value: 'system:nodes' });
  const toKubelet = expanded.connections.find((c) => c.serverId === 'kubelet@pool-a-7');
  expect(toKubelet?.address).toBe('10.1.1.0');
  expect(new Set(expanded.credentials.map((c) => c.id)).size).toBe(expanded.credentials.length);
  expect(new Set(expanded.connections.map((c) => c.id)).size).toBe(expanded.connections.length);
  expect(keyCount(topology)).toBe(expanded.cas.length + expanded.keyPairs.length + expanded.credentials.length);
});

test('course pool members get their own serving SANs and file names', () => {
  const expanded = expandPools('course', 3);
  const serving = expanded.credentials.find((c) => c.files?.cert === 'kubelet-pool-a-3.crt');
  expect(serving?.dnsNames).toEqual(['pool-a-3']);
  expect(serving?.ipAddresses).toEqual(['10.1.0.252']);
  expect(expanded.credentials.some((c) => c.files?.cert === 'kubelet-pool-a.crt')).toBe(false);
});

test('a design without pools is returned as it is', () => {
  const design: Design = { presetId: 'hardway', params: PRESET_DEFAULTS.hardway, edits: NO_EDITS };
  expect(expandDesign(design)).toBe(design);
});

test('an edit to the pool drawn once applies to every member', () => {
  const design = poolDesign('kubeadm', 3);
  const edited: Design = {
    ...design,
    edits: { ...design.edits, credentials: { 'cred:kubelet.conf@pool-a': { validityDays: 30 } } },
  };
  const expanded = topologyOf(expandDesign(edited));
  const members = expanded.credentials.filter((c) => c.kubeconfig?.userName.startsWith('system:node:pool-a-'));
  expect(members.map((c) => c.validityDays)).toEqual([30, 30, 30]);
});
