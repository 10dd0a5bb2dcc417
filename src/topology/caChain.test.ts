import { describe, expect, it } from 'vitest';
import { caChain, casById, intermediatesOf, parentsFirst, pathLengthBreaker } from './caChain';
import { NO_EDITS, topologyOf, type Design } from './design';
import { parseDesign } from './designSchema';
import { validateTopology } from './checks/validateTopology';
import { addCa, addCustomComponent, removeElement, updateCa, updateConnection } from './edits';
import type { CaId, CertificateAuthority } from './model';
import { PRESET_DEFAULTS } from './presets';

const ca = (id: string, parentCaId?: string, pathLength?: number): CertificateAuthority => ({
  id: id as CaId,
  name: id,
  certFile: `${id}.crt`,
  keyFile: `${id}.key`,
  subject: [{ type: 'CN', value: id }],
  dnsNames: [],
  validityDays: 10,
  color: '#000',
  ...(parentCaId ? { parentCaId: parentCaId as CaId } : {}),
  ...(pathLength !== undefined ? { pathLength } : {}),
});

describe('CA chains', () => {
  const cas = [ca('leafca', 'mid'), ca('mid', 'root', 0), ca('root', undefined, 1)];
  const byId = casById(cas);

  it('a chain runs from a CA up to its root; the intermediates a leaf is sent with leave the root out', () => {
    expect(caChain('leafca', byId).map((c) => c.id)).toEqual(['leafca', 'mid', 'root']);
    expect(intermediatesOf('leafca' as CaId, byId).map((c) => c.id)).toEqual(['leafca', 'mid']);
    expect(intermediatesOf('root' as CaId, byId)).toEqual([]);
  });

  it('parents are issued before the CAs they sign', () => {
    expect(parentsFirst(cas).map((c) => c.id)).toEqual(['root', 'mid', 'leafca']);
    expect(() => parentsFirst([ca('a', 'b'), ca('b', 'a')])).toThrow(/loop/);
  });

  it("pathlen counts the CAs below a CA in the path, the root's included (RFC 5280, Go, OpenSSL)", () => {
    // leafca signs the leaf; mid (pathlen:0) has leafca below it: broken.
    expect(pathLengthBreaker(caChain('leafca', byId))?.id).toBe('mid');
    // mid signs the leaf directly: its pathlen:0 holds, and root (pathlen:1) has one CA below.
    expect(pathLengthBreaker(caChain('mid', byId))).toBeNull();
  });
});

describe('the design gate and the edits', () => {
  const base: Design = addCa({ presetId: 'kubeadm', params: PRESET_DEFAULTS.kubeadm, edits: NO_EDITS });
  const root = 'ca:custom-ca1' as CaId;
  const cluster = 'ca:ca' as CaId;

  it('refuses a CA that signs itself, a loop, a missing signer and a path length out of range', () => {
    const under = updateCa(cluster, { parentCaId: root })(base);
    expect(parseDesign(under).ok).toBe(true);
    expect(parseDesign(updateCa(cluster, { parentCaId: cluster })(base))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/cannot sign itself/),
    });
    expect(parseDesign(updateCa(root, { parentCaId: cluster })(under))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/loop/),
    });
    expect(parseDesign(updateCa(cluster, { parentCaId: 'ca:nowhere' as CaId })(base))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not in this design/),
    });
    expect(parseDesign(updateCa(cluster, { pathLength: 9 })(base))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/path length/i),
    });
  });

  it('a CA that signs another cannot be removed until that one is signed by another or made a root', () => {
    const under = updateCa(cluster, { parentCaId: root })(base);
    expect(() => removeElement(root)(under)).toThrow(/still signs other CAs/);
    expect(
      topologyOf(removeElement(root)(updateCa(cluster, { parentCaId: null })(under))).cas.some((c) => c.id === root),
    ).toBe(false);
  });

  it('null makes a CA a root again and lifts its path length', () => {
    const under = updateCa(cluster, { parentCaId: root, pathLength: 0 })(base);
    const back = topologyOf(updateCa(cluster, { parentCaId: null, pathLength: null })(under)).cas.find(
      (c) => c.id === cluster,
    )!;
    expect('parentCaId' in back || 'pathLength' in back).toBe(false);
  });
});

describe('checks that follow chains', () => {
  const root = 'ca:custom-ca1' as CaId;
  const cluster = 'ca:ca' as CaId;
  /** kubeadm's cluster CA under an organisation root, which every side trusts. */
  function underRoot(rootDays = 3650): Design {
    let d = updateCa(root, { validityDays: rootDays })(
      addCa({ presetId: 'kubeadm', params: PRESET_DEFAULTS.kubeadm, edits: NO_EDITS }),
    );
    d = updateCa(cluster, { parentCaId: root })(d);
    for (const c of topologyOf(d).connections) {
      if (c.clientTrustsCaId === cluster) d = updateConnection(c.id, { clientTrustsCaId: root })(d);
      if (c.serverTrustsCaId === cluster) d = updateConnection(c.id, { serverTrustsCaId: root })(d);
    }
    return d;
  }

  it('a custom client under an intermediate whose root the API server trusts is a Kubernetes user, and is told so', () => {
    const d = addCustomComponent('client', 'prometheus', null)(underRoot());
    const findings = validateTopology(topologyOf(d), 'kubeadm');
    expect(findings.find((f) => f.check === 'api-identity')?.subject).toBe('prometheus.crt');
  });

  it('a leaf that outlives the root above its CA is flagged, naming the root', () => {
    const findings = validateTopology(topologyOf(underRoot(100)), 'kubeadm');
    const outlives = findings.filter((f) => f.check === 'outlives-ca');
    expect(outlives.length).toBeGreaterThan(0);
    expect(outlives[0]!.explanation).toMatch(/but New CA 1 only 100/);
  });
});
