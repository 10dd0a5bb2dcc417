import { expect, test } from './designerPage';

const ADMIN_TO_API = 'conn:admin->kube-apiserver@controlplane';

test('a broken connection turns its edge failing, is listed with the real error, and its fix makes it ok', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=kubeadm');
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems).toContainText('none: every connection would handshake');

  // Break it: kubectl trusts the etcd CA instead of the cluster CA.
  await designer.node('admin').locator('.component-header').click();
  await designer.inspector
    .getByRole('button', { name: 'kubectl (admin.conf) → kube-apiserver (controlplane)' })
    .click();
  await designer.inspector.getByLabel('Client trusts (to verify the server)').selectOption({ label: 'etcd CA' });

  const edge = designer.edge(ADMIN_TO_API);
  await expect(edge.locator('path').first()).toHaveAttribute('style', /stroke-dasharray/);
  await expect(page.locator('.edge-label.is-failing')).toHaveCount(1);
  await expect(page.locator('.edge-label.is-failing .edge-state')).toHaveText('✕');
  await expect(problems).toContainText('1 failing');
  await expect(problems.locator('code')).toHaveText('x509: certificate signed by unknown authority');

  // Choosing the problem selects the connection in the inspector.
  await problems.getByRole('button', { name: /kubectl \(admin\.conf\) → kube-apiserver/ }).click();
  await expect(designer.inspector.getByRole('heading')).toContainText(
    'kubectl (admin.conf) → kube-apiserver (controlplane)',
  );

  // Generation warns first.
  await designer.generateButton.click();
  const confirm = page.getByRole('alert').filter({ hasText: 'would make connections fail' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Keep editing' }).click();
  await expect(confirm).toBeHidden();

  await problems.getByRole('button', { name: 'Trust Kubernetes CA on this connection' }).click();
  await expect(problems).toContainText('none: every connection would handshake');
  await expect(page.locator('.edge-label.is-failing')).toHaveCount(0);
});

test('a SAN missing for the dialled address is reported as Go would, and fixed in one click', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=kubeadm');
  await designer.chip('kube-apiserver@controlplane', 'apiserver.crt').click();
  await designer.inspector.getByRole('button', { name: 'Remove IP SAN 192.168.56.10' }).click();
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems.locator('code').first()).toHaveText(
    'x509: certificate is valid for 10.96.0.1, not 192.168.56.10',
  );
  await expect(page.locator('.edge-label.is-failing').first()).toBeVisible();
  await problems.getByRole('button', { name: 'Add 192.168.56.10 to apiserver.crt' }).first().click();
  await expect(problems).toContainText('none: every connection would handshake');
});

test('a second kubeadm control plane without an endpoint fails as kubeadm join does; the one-click fix adds one', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=kubeadm');
  await designer.command('Add control-plane node').click();
  const problems = page.getByRole('region', { name: 'Problems' });
  const finding = problems.locator('.finding', { hasText: 'stable controlPlaneEndpoint' });
  await expect(finding).toContainText(
    "unable to add a new control plane instance to a cluster that doesn't have a stable controlPlaneEndpoint address",
  );
  await expect(designer.edge('conn:kubelet@controlplane-2->kube-apiserver@controlplane')).toHaveAttribute(
    'aria-label',
    /^Fails:/,
  );
  await finding.getByRole('button', { name: /Put a load balancer at/ }).click();
  await expect(finding).toHaveCount(0);
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await expect(designer.inspector.getByLabel('Control-plane endpoint')).toHaveValue(/^192\.168\.56\.\d+:6443$/);
});
