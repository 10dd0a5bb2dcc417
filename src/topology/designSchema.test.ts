import { describe, expect, test } from 'vitest';
import { NO_EDITS, type Design } from './design';
import { parseDesignFile, serializeDesign } from './designSchema';
import { addCa, addCustomComponent, addWorker, connect, moveCredentialToCa, updateCredential } from './edits';
import type { CaId, ComponentId, CredentialId } from './model';
import { PRESET_DEFAULTS } from './presets';

const edited = (): Design => {
  let design: Design = { presetId: 'kubeadm', params: PRESET_DEFAULTS.kubeadm, edits: NO_EDITS };
  for (const edit of [
    addWorker,
    addCa,
    moveCredentialToCa('cred:etcd-server@controlplane' as CredentialId, 'ca:custom-ca1' as CaId),
    updateCredential('cred:apiserver@controlplane' as CredentialId, {
      dnsNames: ['api.example.com'],
      keyAlgorithm: 'ECDSA-P256',
    }),
    addCustomComponent('server', 'metrics api', null),
    connect('kube-apiserver@controlplane' as ComponentId, 'metrics-api' as ComponentId),
  ])
    design = edit(design);
  return design;
};

describe('saved design files', () => {
  test('an edited design round-trips through its file exactly', () => {
    const design = edited();
    const result = parseDesignFile(serializeDesign(design));
    expect(result).toEqual({ ok: true, design });
  });

  test.each([
    ['not JSON at all', 'hello', /not JSON/],
    [
      'JSON from another tool',
      JSON.stringify({ apiVersion: 'v1', kind: 'Config' }),
      /not a Kubernetes TLS Designer design/,
    ],
    [
      'a newer format',
      JSON.stringify({ kind: 'k8s-tls-designer/design', version: 9, design: {} }),
      /version 9.*version 1/,
    ],
    [
      'a damaged design',
      JSON.stringify({ kind: 'k8s-tls-designer/design', version: 1, design: { presetId: 'kubeadm' } }),
      /damaged \(design\.params/,
    ],
    [
      'a design with a value the editor refuses',
      serializeDesign({
        presetId: 'kubeadm',
        params: { ...PRESET_DEFAULTS.kubeadm, serviceCidr: '10.96.0.0/40' },
        edits: NO_EDITS,
      }),
      /Service CIDR: .*IPv4 CIDR/,
    ],
  ])('%s is refused with a reason', (_, text, reason) => {
    const result = parseDesignFile(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(reason);
  });
});
