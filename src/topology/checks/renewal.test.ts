import { describe, expect, test } from 'vitest';
import { NO_EDITS, topologyOf, type Design } from '../design';
import { updateCredential } from '../edits';
import type { CredentialId } from '../model';
import { PRESET_DEFAULTS } from '../presets';
import { validateTopology } from './validateTopology';

const ADMIN = 'cred:admin.conf' as CredentialId;
const issued = (validFromDays: number, validityDays = 365): Design =>
  updateCredential(ADMIN, { validFromDays, validityDays })({
    presetId: 'kubeadm',
    params: PRESET_DEFAULTS.kubeadm,
    edits: NO_EDITS,
  });
const about = (d: Design) =>
  validateTopology(topologyOf(d), 'kubeadm').filter(
    (f) => f.target.id === ADMIN && ['renewal', 'validity'].includes(f.check),
  );

describe('time in Problems', () => {
  test("a certificate with 20 days left is a warning, with kubeadm check-expiration's residual time, and renewing clears it", () => {
    const [finding, ...rest] = about(issued(-345));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: 'warning',
      check: 'renewal',
      quote: 'kubeadm certs check-expiration: admin.conf has 20d residual time',
    });
    expect(finding!.connectionIds.length).toBeGreaterThan(0);
    expect(about(finding!.fix!.edit(issued(-345)))).toEqual([]);
  });

  test('31 days left is fine; expired is failing, not a warning', () => {
    expect(about(issued(-334))).toEqual([]);
    expect(about(issued(-365)).map((f) => [f.check, f.severity])).toEqual([['validity', 'error']]);
  });

  test('a certificate planned short-lived from today is not nagged about', () => {
    expect(about(issued(0, 7))).toEqual([]);
  });
});
