import { describe, expect, it } from 'vitest';
import { caChain, casById, intermediatesOf, parentsFirst, pathLengthBreaker } from './caChain';
import { NO_EDITS, topologyOf, type Design } from './design';
import { parseDesign } from './designSchema';
import { addCa, updateCa } from './edits';
import type { CaId, CertificateAuthority } from './model';
import { PRESET_DEFAULTS } from './presets';

const ca = (id: string, parentCaId?: string, pathLength?: number): CertificateAuthority => ({
  id: id as CaId, name: id, certFile: `${id}.crt`, keyFile: `${id}.key`, subject: [{ type: 'CN', value: id }], dnsNames: [],
  validityDays: 10, color: '#000', ...(parentCaId ? { parentCaId: parentCaId as CaId } : {}), ...(pathLength !== undefined ? { pathLength } : {}),
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

  it('pathlen counts the CAs below a CA in the path, the root\'s included (RFC 5280, Go, OpenSSL)', () => {
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
    expect(parseDesign(updateCa(cluster, { parentCaId: cluster })(base))).toMatchObject({ ok: false, error: expect.stringMatching(/cannot sign itself/) });
    expect(parseDesign(updateCa(root, { parentCaId: cluster })(under))).toMatchObject({ ok: false, error: expect.stringMatching(/loop/) });
    expect(parseDesign(updateCa(cluster, { parentCaId: 'ca:nowhere' as CaId })(base))).toMatchObject({ ok: false, error: expect.stringMatching(/not in this design/) });
    expect(parseDesign(updateCa(cluster, { pathLength: 9 })(base))).toMatchObject({ ok: false, error: expect.stringMatching(/path length/i) });
  });

  it('null makes a CA a root again and lifts its path length', () => {
    const under = updateCa(cluster, { parentCaId: root, pathLength: 0 })(base);
    const back = topologyOf(updateCa(cluster, { parentCaId: null, pathLength: null })(under)).cas.find((c) => c.id === cluster)!;
    expect('parentCaId' in back || 'pathLength' in back).toBe(false);
  });
});
