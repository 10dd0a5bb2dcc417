import { describe, expect, test } from 'vitest';
import { subjectOf } from '../../pki/profile';
import { NO_EDITS, topologyOf, type Design } from '../design';
import { updateCredential } from '../edits';
import type { CredentialId } from '../model';
import { PRESET_DEFAULTS } from '../presets';
import type { PresetId } from '../presetParams';
import { validateTopology } from './validateTopology';

const design = (presetId: PresetId): Design => ({ presetId, params: PRESET_DEFAULTS[presetId], edits: NO_EDITS });
const findings = (d: Design) => validateTopology(topologyOf(d), d.presetId);
const ADMIN = 'cred:admin.conf' as CredentialId;

describe('admin-rbac', () => {
  test("an admin in no administrators' group is warned with kubectl's Forbidden, and the fix adds kubeadm's group", () => {
    const broken = updateCredential(ADMIN, { subject: subjectOf('kubernetes-admin', ['ops']) })(design('kubeadm'));
    const finding = findings(broken).find((f) => f.check === 'admin-rbac');
    expect(finding?.severity).toBe('warning');
    expect(finding?.quote).toBe(
      'Error from server (Forbidden): nodes is forbidden: User "kubernetes-admin" cannot list resource "nodes" in API group "" at the cluster scope',
    );
    expect(finding?.connectionIds).toEqual(['conn:admin->kube-apiserver@controlplane']);
    const fixed = finding!.fix!.edit(broken);
    expect(findings(fixed)).toEqual([]);
  });

  test('kubeadm:cluster-admins and system:masters both count as administrators', () => {
    expect(findings(design('kubeadm')).some((f) => f.check === 'admin-rbac')).toBe(false);
    expect(findings(design('course')).some((f) => f.check === 'admin-rbac')).toBe(false);
  });
});

describe('key-algorithm', () => {
  test('on kubeadm, a key algorithm of its own is warned about: kubeadm makes every key with one', () => {
    const mixed = updateCredential('cred:apiserver@controlplane' as CredentialId, { keyAlgorithm: 'ECDSA-P256' })(
      design('kubeadm'),
    );
    const finding = findings(mixed).find((f) => f.check === 'key-algorithm');
    expect(finding?.quote).toBe('encryptionAlgorithm: RSA-2048');
    expect(findings(finding!.fix!.edit(mixed))).toEqual([]);
  });

  test('elsewhere, mixing algorithms is allowed', () => {
    const mixed = updateCredential('cred:apiserver' as CredentialId, { keyAlgorithm: 'ECDSA-P256' })(design('course'));
    expect(findings(mixed).some((f) => f.check === 'key-algorithm')).toBe(false);
  });
});
