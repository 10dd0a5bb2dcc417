import { join } from 'node:path';
import { unzipDownload } from './fixtures';
import { expect, openssl, test } from './designerPage';

test('the CA rotation planner: phases render, a wrong order shows a failing phase, and a phase bundle downloads', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=kubeadm');
  await designer.designKeyAlgorithm.selectOption('ECDSA-P256');
  await designer.caBox('ca:ca').click();
  await designer.inspector.getByRole('button', { name: 'Plan a rotation of Kubernetes CA' }).click();
  const planner = page.getByRole('region', { name: 'CA rotation' });
  await expect(planner.getByRole('heading', { name: 'Rotate Kubernetes CA' })).toBeVisible();
  const phases = planner.getByRole('listitem').filter({ has: page.getByRole('button', { name: /^Move phase/ }) });
  await expect(phases).toHaveCount(9);
  await expect(phases.nth(0)).toHaveAccessibleName('Phase 1: Control planes: trust the old and the new Kubernetes CA');
  await expect(planner.getByText(/connections fail/)).toHaveCount(0);
  await expect(phases.nth(3)).toContainText('✓ All');

  // Control planes present new certificates before the workers trust the new CA: phase 2 fails, as the kubelets would.
  await planner.getByRole('button', { name: 'Move phase 4 earlier' }).click();
  await planner.getByRole('button', { name: 'Move phase 3 earlier' }).click();
  await expect(phases.nth(1)).toHaveAccessibleName(
    /Phase 2: Control planes: present certificates signed by the new Kubernetes CA/,
  );
  await expect(phases.nth(1)).toHaveClass(/is-failing/);
  await expect(phases.nth(1)).toContainText('connections fail');
  await expect(phases.nth(1)).toContainText('x509: certificate signed by unknown authority');
  await expect(phases.nth(1)).toContainText('kubelet (node01)');
  await planner.getByRole('button', { name: 'Recommended order' }).click();
  await expect(planner.getByText(/connections fail/)).toHaveCount(0);

  await planner.getByRole('button', { name: 'Make phase bundles' }).click();
  const phase0 = await unzipDownload(
    await designer.download(planner.getByRole('button', { name: /Download phase 0/ })),
  );
  const phase4 = await unzipDownload(
    await designer.download(planner.getByRole('button', { name: 'Download phase 4' })),
  );
  const root = 'kubernetes-rotate-ca-phase-4';
  expect(phase4.paths).toContain(`${root}/README.txt`);
  expect(phase4.paths).toContain(`${root}/controlplane/pki/apiserver.crt`);
  expect(phase4.paths.some((p) => p.includes('/node01/'))).toBe(false);
  // The re-issued API server certificate verifies against the new CA the phase put in ca.crt, not against the old one alone.
  const cp = (p: string) => join(phase4.dir, root, 'controlplane/pki', p);
  expect(openssl('verify', '-CAfile', cp('ca.crt'), cp('apiserver.crt')).trim()).toBe(`${cp('apiserver.crt')}: OK`);
  const oldCa = join(phase0.dir, 'kubernetes-rotate-ca-phase-0/controlplane/pki/ca.crt');
  expect(() => openssl('verify', '-CAfile', oldCa, cp('apiserver.crt'))).toThrow();
  const runbook = await designer.download(planner.getByRole('button', { name: 'Download runbook' }));
  expect(runbook.suggestedFilename()).toBe('kubernetes-rotate-ca-runbook.txt');
  // Moving a box changes no certificate: the phases stay those of the same new CA.
  const title = (await designer.hostTitle('node01').boundingBox())!;
  await page.mouse.move(title.x + 10, title.y + 5);
  await page.mouse.down();
  await page.mouse.move(title.x + 70, title.y + 45, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await designer.hostTitle('node01').boundingBox())!.x).toBeGreaterThan(title.x + 20);
  await expect(planner.getByRole('button', { name: 'Make phase bundles' })).toHaveCount(0);
  const all = await unzipDownload(
    await designer.download(planner.getByRole('button', { name: 'Download all phases' })),
  );
  const allRoot = 'kubernetes-rotate-ca-all-phases';
  expect(all.paths).toContain(`${allRoot}/RUNBOOK.txt`);
  expect(all.paths).toContain(`${allRoot}/phase-9/README.txt`);
  const same = (p: string) => join(all.dir, allRoot, 'phase-4/controlplane/pki', p);
  expect(openssl('x509', '-in', same('apiserver.crt'), '-noout', '-fingerprint')).toBe(
    openssl('x509', '-in', cp('apiserver.crt'), '-noout', '-fingerprint'),
  );
});
