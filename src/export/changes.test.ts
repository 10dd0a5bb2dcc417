import { describe, expect, it } from 'vitest';
import { NO_EDITS, topologyOf, type Design } from '../topology/design';
import { addCa, addWorker, moveCredentialToCa, updateCa, updateCredential, updateParams } from '../topology/edits';
import type { CaId, CredentialId } from '../topology/model';
import { PRESET_DEFAULTS } from '../topology/presets';
import { changesSince } from './changes';

const base: Design = { presetId: 'kubeadm', params: PRESET_DEFAULTS.kubeadm, edits: NO_EDITS };
const labels = (d: Design) =>
  changesSince(base, d, false)
    .reissue.map((r) => `${r.label}: ${r.reasons.join(', ')}`)
    .sort();

describe('what an edit means for a cluster that has the last bundle', () => {
  it('nothing, for the same design', () => {
    expect(changesSince(base, base, false)).toEqual({ reissue: [], removed: [], hosts: [] });
  });

  it('a SAN on the API server: only apiserver.crt, and only the control plane receives it', () => {
    const api = topologyOf(base).credentials.find((c) => c.id === 'cred:apiserver@controlplane')!;
    const edited = updateCredential(api.id, { dnsNames: [...api.dnsNames, 'api.example.com'] })(base);
    expect(labels(edited)).toEqual(['apiserver.crt on controlplane: SANs']);
    expect(changesSince(base, edited, false).hosts).toEqual(['controlplane']);
  });

  it("etcd's serving certificate moved to a new CA: the new CA, the certificate, and the CA file wherever etcd's clients trust it", () => {
    let edited = addCa(base);
    const ca = topologyOf(edited).cas.at(-1)!.id as CaId;
    edited = moveCredentialToCa('cred:etcd-server@controlplane' as CredentialId, ca)(edited);
    expect(labels(edited)).toEqual(['New CA 1: new', 'etcd/server.crt on controlplane: signing CA']);
    expect(changesSince(base, edited, false).hosts).toEqual(['controlplane']);
  });

  it('a new worker: its kubelet.conf is new, and only that worker receives files', () => {
    const edited = addWorker(base);
    const name = edited.params.workers.at(-1)!.name;
    expect(labels(edited)).toEqual([`kubelet.conf on ${name}: new`]);
    expect(changesSince(base, edited, false).hosts).toEqual([name]);
  });

  it('a new key algorithm re-issues everything, every host receives files, and nothing is removed', () => {
    const edited = updateParams({ keyAlgorithm: 'ECDSA-P384' })(base);
    const changes = changesSince(base, edited, false);
    expect(changes.reissue.length).toBe(topologyOf(base).cas.length + topologyOf(base).credentials.length);
    expect(changes.reissue.find((r) => r.id === 'ca:ca')!.reasons).toEqual(['key algorithm']);
    expect(changes.reissue.find((r) => r.id === 'cred:admin.conf')!.reasons).toEqual([
      'key algorithm',
      'its CA is made again',
    ]);
    expect([...changes.hosts].sort()).toEqual([...topologyOf(base).hosts.map((h) => h.name), 'workstation'].sort());
    expect(changes.removed).toEqual([]);
  });

  it('a removed worker: its certificate comes off, no host receives anything', () => {
    const withTwo = addWorker(base);
    const changes = changesSince(withTwo, base, false);
    expect(changes.removed.map((r) => r.label)).toEqual([`kubelet.conf on ${withTwo.params.workers.at(-1)!.name}`]);
    expect(changes.reissue).toEqual([]);
    expect(changes.hosts).toEqual([]);
  });
});

describe('intermediate CAs', () => {
  const plain = base;
  const root = 'ca:custom-ca1' as CaId;
  const cluster = 'ca:ca' as CaId;
  it('moving a CA under another re-issues it and everything it signs; a new path length re-issues it alone', () => {
    const base = addCa(plain);
    const under = updateCa(cluster, { parentCaId: root })(base);
    const moved = changesSince(base, under, false);
    expect(moved.reissue.find((r) => r.id === cluster)?.reasons).toEqual(['signing CA']);
    expect(moved.reissue.find((r) => r.id === 'cred:apiserver@controlplane')?.reasons).toEqual([
      'its CA is made again',
    ]);
    expect(moved.reissue.some((r) => r.id === root)).toBe(false);
    const limited = changesSince(under, updateCa(root, { pathLength: 1 })(under), false);
    expect(limited.reissue.find((r) => r.id === root)?.reasons).toEqual(['path length']);
    expect(limited.reissue.find((r) => r.id === cluster)?.reasons).toEqual(['its CA is made again']);
  });
});
