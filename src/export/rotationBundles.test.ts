import { createPublicKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NO_EDITS, topologyOf } from '../topology/design';
import type { CaId } from '../topology/model';
import { PRESET_DEFAULTS } from '../topology/presets';
import { recommendedOrder, type RotationStep } from '../topology/rotation';
import { generatePki } from './generate';
import { rotatePki, rotationBundles } from './rotationBundles';

const topology = topologyOf({
  presetId: 'kubeadm',
  params: { ...PRESET_DEFAULTS.kubeadm, keyAlgorithm: 'ECDSA-P256' },
  edits: NO_EDITS,
});
const spki = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');

describe('phase files', () => {
  it.each([
    ['the recommended order', recommendedOrder(topology, 'ca:ca')],
    [
      'present-new before trust-both',
      [
        { scope: 'control-planes', action: 'present-new' },
        { scope: 'control-planes', action: 'trust-both' },
        { scope: 'control-planes', action: 'trust-new' },
      ] as RotationStep[],
    ],
    [
      'trust-new before present-new',
      [
        { scope: 'control-planes', action: 'trust-new' },
        { scope: 'control-planes', action: 'present-new' },
      ] as RotationStep[],
    ],
  ])('%s: at every phase the CA key matches the first certificate of the CA file beside it', async (_name, steps) => {
    const current = await generatePki(topology);
    const { start, phases } = rotationBundles(
      topology,
      'ca:ca' as CaId,
      steps,
      current,
      await rotatePki(topology, current, 'ca:ca' as CaId),
    );
    const files = new Map(start.map((f) => [f.path, String(f.content)]));
    for (const phase of [null, ...phases]) {
      phase?.files.forEach((f) => files.set(f.path, String(f.content)));
      const first = new X509Certificate(files.get('controlplane/pki/ca.crt')!);
      expect(spki(first.publicKey.export({ type: 'spki', format: 'pem' }).toString()), phase?.title ?? 'start').toBe(
        spki(files.get('controlplane/pki/ca.key')!),
      );
    }
  });
});
