import { afterAll, expect, test } from 'vitest';
import { validateTopology } from '../topology/checks/validateTopology';
import { NO_EDITS, topologyOf, type Design } from '../topology/design';
import { updateCredential } from '../topology/edits';
import type { CredentialId } from '../topology/model';
import { PRESET_DEFAULTS } from '../topology/presets';
import { opensslResult, writeBundle, type BundleOnDisk } from './testing/bundleOnDisk';

const ADMIN = 'cred:admin.conf' as CredentialId;
const base: Design = {
  presetId: 'kubeadm',
  params: { ...PRESET_DEFAULTS.kubeadm, keyAlgorithm: 'ECDSA-P256' },
  edits: NO_EDITS,
};
const bundles: BundleOnDisk[] = [];
afterAll(() => bundles.forEach((b) => b.cleanup()));

/** The admin certificate embedded in admin.conf, written out, verified by openssl against ca.crt. */
async function verifyAdmin(design: Design): Promise<{ ok: boolean; output: string }> {
  const bundle = await writeBundle(topologyOf(design));
  bundles.push(bundle);
  const { readFileSync, writeFileSync } = await import('node:fs');
  const { parse } = await import('yaml');
  const conf = parse(readFileSync(bundle.path('admin.conf'), 'utf8'));
  const cert = bundle.path('admin-embedded.crt');
  writeFileSync(cert, Buffer.from(conf.users[0].user['client-certificate-data'], 'base64'));
  return opensslResult(['verify', '-CAfile', bundle.path('pki/ca.crt'), cert]);
}

test("an expired admin certificate: the check quotes Go's error, openssl refuses it, and the fix reissues it", async () => {
  const expired = updateCredential(ADMIN, { validFromDays: -400 })(base);
  const finding = validateTopology(topologyOf(expired)).find((f) => f.check === 'validity');
  expect(finding?.quote).toBe('x509: certificate has expired or is not yet valid');
  expect(finding?.connectionIds).toEqual(['conn:admin->kube-apiserver@controlplane']);
  const refused = await verifyAdmin(expired);
  expect(refused.ok).toBe(false);
  expect(refused.output).toMatch(/certificate has expired/);

  const fixed = finding!.fix!.edit(expired);
  expect(validateTopology(topologyOf(fixed))).toEqual([]);
  expect((await verifyAdmin(fixed)).ok).toBe(true);
});

test('a post-dated certificate is not yet valid, for openssl too', async () => {
  const future = updateCredential(ADMIN, { validFromDays: 3 })(base);
  expect(validateTopology(topologyOf(future)).map((f) => f.check)).toContain('validity');
  const refused = await verifyAdmin(future);
  expect(refused.ok).toBe(false);
  expect(refused.output).toMatch(/certificate is not yet valid/);
});
