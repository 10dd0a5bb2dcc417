import { expect, test } from 'vitest';
import { NO_EDITS, topologyOf } from './design';
import { updateCredential } from './edits';
import type { CredentialId } from './model';
import { PRESET_DEFAULTS } from './presets';
import { plannedRows, rowState } from './timeline';

const now = new Date('2026-11-28T10:00:00Z');
const design = { presetId: 'kubeadm' as const, params: PRESET_DEFAULTS.kubeadm, edits: NO_EDITS };

test("a design's timeline: CAs ten years, leaves one, all fine today", () => {
  const rows = plannedRows(topologyOf(design), now);
  const ca = rows.find((r) => r.label === 'pki/ca.crt')!;
  const apiserver = rows.find((r) => r.label === 'pki/apiserver.crt')!;
  expect(ca.notAfter.toISOString()).toBe('2036-11-25T10:00:00.000Z');
  expect(apiserver.notAfter.toISOString()).toBe('2027-11-28T10:00:00.000Z');
  expect(rows.map((r) => rowState(r, now))).toEqual(rows.map(() => 'ok'));
});

test('expired, due for renewal, and outliving the CA are told apart', () => {
  const edited = [
    updateCredential('cred:admin.conf' as CredentialId, { validFromDays: -400 }),
    updateCredential('cred:apiserver@controlplane' as CredentialId, { validityDays: 20 }),
    updateCredential('cred:scheduler.conf@controlplane' as CredentialId, { validityDays: 4000 }),
  ].reduce((d, edit) => edit(d), design as Parameters<typeof topologyOf>[0]);
  const rows = plannedRows(topologyOf(edited), now);
  const state = (label: string) =>
    rowState(
      rows.find((r) => r.label === label)!,
      now,
    );
  expect(state('admin.conf')).toBe('expired');
  expect(state('pki/apiserver.crt')).toBe('renew-now');
  expect(state('scheduler.conf')).toBe('outlives-ca');
  expect(state('pki/etcd/server.crt')).toBe('ok');
});
