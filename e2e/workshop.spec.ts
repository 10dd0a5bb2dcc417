import { SCENARIOS } from '../src/topology/scenarios';
import { expect, test } from './designerPage';

for (const scenario of SCENARIOS) {
  test(`Break it, ${scenario.id}: the failing edge shows its error, the fix in the UI solves it`, async ({
    designer,
    page,
  }) => {
    await page.goto(`/?scenario=${scenario.id}`);
    const banner = page.getByRole('region', { name: 'Scenario' });
    await expect(banner).toContainText(scenario.title);
    await expect(banner.getByRole('status')).toContainText('Still broken');
    await expect(page.locator('.edge-label.is-failing').first()).toBeVisible();

    const problems = page.getByRole('region', { name: 'Problems' });
    const finding = problems.locator('.finding.is-error').first();
    await expect(finding.locator('code')).toContainText(/x509|tls|Forbidden|forbidden|Unauthorized/);
    // Choosing the problem selects the failing element; its fix button repairs it.
    await finding.locator('.finding-subject').click();
    await expect(designer.inspector.getByRole('heading').first()).toBeVisible();
    for (let i = 0; i < 3 && (await problems.locator('.finding.is-error').count()) > 0; i++) {
      await problems.locator('.finding.is-error').first().getByRole('button').nth(1).click();
    }
    await expect(banner.getByRole('status')).toContainText('Solved');
    await expect(page.locator('.edge-label.is-failing')).toHaveCount(0);
  });
}

test('a scenario can be started from the Break it picker, and its link handed out', async ({ designer, page }) => {
  await designer.open('?preset=course');
  await page
    .getByRole('region', { name: 'Workshop' })
    .getByLabel('Break it')
    .selectOption({ label: 'kubectl refuses the API server' });
  await expect(page.getByRole('region', { name: 'Scenario' })).toContainText('kubectl refuses the API server');
  // Started over the Course, the link keeps the Course's names for whoever opens it.
  expect(new URL(page.url()).search).toBe('?scenario=drop-san&preset=course');
  await page.goto(page.url());
  await expect(page.getByRole('region', { name: 'Scenario' })).toContainText('Still broken');
  await expect(designer.preset).toHaveValue('course');
  await page.getByRole('button', { name: 'Leave scenario' }).click();
  await expect(page.getByRole('region', { name: 'Scenario' })).toHaveCount(0);
});

test('the guided tour runs from the first step to the last, selecting what it talks about', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=kubeadm');
  await page.getByRole('button', { name: 'Guided tour' }).click();
  const tour = page.getByRole('region', { name: 'Guided tour' });
  await expect(tour).toContainText('Step 1 of 10');
  await expect(designer.preset).toHaveValue('course');
  await expect(tour.getByRole('heading')).toHaveText('Server, client and root certificates');
  await tour.getByRole('button', { name: 'Next' }).click();
  await expect(tour.getByRole('heading')).toHaveText('Server: kube-apiserver');
  await expect(designer.inspector.getByRole('heading').first()).toHaveText('kube-apiserver (controlplane)');
  for (let step = 3; step <= 10; step++) {
    await tour.getByRole('button', { name: 'Next' }).click();
    await expect(tour).toContainText(`Step ${step} of 10`);
  }
  await expect(tour.getByRole('heading')).toHaveText('Generating the bundle');
  await tour.getByRole('button', { name: 'Finish tour' }).click();
  await expect(tour).toHaveCount(0);
});

test("a scenario started over an edited Course design keeps the Course's names, and Leave scenario restores the edited design", async ({
  designer,
  page,
}) => {
  await designer.open('?preset=course');
  await designer.command('Add worker node').click();
  await expect(designer.node('host:node03')).toBeVisible();

  await page.getByLabel('Break it').selectOption({ label: 'kubectl refuses the API server' });
  await expect(page.getByRole('region', { name: 'Scenario' })).toContainText('Still broken');
  await expect(designer.preset).toHaveValue('course');
  await expect(designer.chip('kube-apiserver@controlplane', 'apiserver.crt')).toBeVisible();
  await expect(designer.chip('kubelet@node01', 'kubelet-client-node01.crt')).toBeVisible();
  await expect(designer.node('host:node03')).toHaveCount(0);
  expect(new URL(page.url()).search).toBe('?scenario=drop-san&preset=course');

  await page.getByRole('button', { name: 'Leave scenario' }).click();
  await expect(page.getByRole('region', { name: 'Scenario' })).toHaveCount(0);
  await expect(designer.node('host:node03')).toBeVisible();
  await expect(designer.preset).toHaveValue('course');
});

test('closing the tour brings back the design it replaced', async ({ designer, page }) => {
  await designer.open('?preset=kubeadm');
  await designer.command('Add worker node').click();
  await page.getByRole('button', { name: 'Guided tour' }).click();
  await expect(designer.preset).toHaveValue('course');
  await page.getByRole('region', { name: 'Guided tour' }).getByRole('button', { name: 'Close tour' }).click();
  await expect(designer.preset).toHaveValue('kubeadm');
  await expect(designer.node('host:node03')).toBeVisible();
});
