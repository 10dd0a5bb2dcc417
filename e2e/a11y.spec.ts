import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { TOUR_STEPS } from '../src/ui/workshop/tourSteps';
import { expect, test } from './designerPage';

/** Every violation axe reports at moderate impact or worse (minor ones are best practice, not WCAG failures). */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'moderate' || v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
}

for (const theme of ['light', 'dark'] as const) {
  for (const preset of ['course', 'kubeadm', 'hardway']) {
    test(`axe finds no moderate, serious or critical violation: ${preset}, ${theme}, with a selection and a failing line`, async ({
      designer,
      page,
    }) => {
      await page.emulateMedia({ colorScheme: theme });
      await designer.open(preset === 'kubeadm' ? '?scenario=drop-san' : `?preset=${preset}`);
      await page.locator('.react-flow__node-component .component-header').first().click();
      expect(await violations(page)).toEqual([]);
    });
  }

  test(`axe finds none at any step of the guided tour, ${theme}`, async ({ designer, page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await designer.open('?preset=course');
    await page.getByRole('button', { name: 'Guided tour' }).click();
    const tour = page.getByRole('region', { name: 'Guided tour' });
    for (let step = 1; step <= TOUR_STEPS.length; step++) {
      await expect(tour).toContainText(`Step ${step} of ${TOUR_STEPS.length}`);
      await page.waitForTimeout(700);
      expect(await violations(page), `step ${step}`).toEqual([]);
      if (step < TOUR_STEPS.length) await tour.getByRole('button', { name: 'Next' }).click();
    }
  });

  test(`axe finds none on an HA design with a line selected, the expiry timeline open, and the CA rotation planner, ${theme}`, async ({
    designer,
    page,
  }) => {
    await page.emulateMedia({ colorScheme: theme });
    await designer.open('?preset=kubeadm');
    await designer.command('Add control-plane node').click();
    await designer.command('Add control-plane node').click();
    for (let i = 0; i < 5; i++) await designer.command('Add worker node').click();
    await page.locator('.react-flow__edge[data-id^="conn:"] path.react-flow__edge-path').first().dispatchEvent('click');
    expect(await violations(page), 'HA, a line selected').toEqual([]);
    await page.getByRole('region', { name: 'Bundle' }).getByRole('button', { name: 'Expiry timeline' }).click();
    await expect(page.getByRole('region', { name: 'Expiry timeline' })).toBeVisible();
    expect(await violations(page), 'the expiry timeline').toEqual([]);
    await designer.caBox('ca:ca').click();
    await designer.inspector.getByRole('button', { name: 'Plan a rotation of Kubernetes CA' }).click();
    await expect(page.getByRole('region', { name: 'CA rotation' })).toBeVisible();
    expect(await violations(page), 'the CA rotation planner').toEqual([]);
  });

  test(`axe finds none while presenting (Large type, panel hidden) and with the keyboard in the diagram, ${theme}`, async ({
    designer,
    page,
  }) => {
    await page.emulateMedia({ colorScheme: theme });
    await designer.open('?preset=kubeadm');
    await page.getByRole('button', { name: 'Large type' }).click();
    await page.getByRole('button', { name: 'Side panel' }).click();
    await page.getByRole('application', { name: /^Cluster diagram/ }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    expect(await violations(page)).toEqual([]);
  });
}

test('connections are reached with the arrow keys, ringed in the focus colour, named for screen readers, and selected with Enter', async ({
  designer,
  page,
}) => {
  // The default level: no click on "Show every certificate", so the focus below counts as the keyboard's.
  await designer.open('?preset=course', { detail: 'auto' });
  const diagram = page.getByRole('application', { name: /Cluster diagram/ });
  await expect(diagram).toHaveAccessibleName(/connections/);
  await diagram.focus();
  const focusedEdge = page.locator('.react-flow__edge.is-kbd-focus');
  const spoken = diagram.locator('[aria-live="polite"]');
  // From the CA at the top left, Down walks the first column and goes on into the lines beside it
  // (one key at a time: each waits for the cursor to have moved).
  await expect(spoken).toHaveText(/^CA /);
  for (let i = 0; i < 12 && !/^Connection /.test((await spoken.textContent()) ?? ''); i++) {
    const before = (await spoken.textContent()) ?? '';
    await page.keyboard.press('ArrowDown');
    await expect(spoken).not.toHaveText(before);
  }
  await expect(focusedEdge).toHaveCount(1);
  const id = (await focusedEdge.getAttribute('data-id'))!;
  expect(id).toMatch(/^conn:/);
  await expect(focusedEdge).toHaveCSS('filter', /drop-shadow/);
  await expect(spoken).toHaveText(/^Connection .+: .+ to .+; client presents .+, server presents .+/);
  await page.keyboard.press('Enter');
  await expect(designer.edge(id)).toHaveClass(/selected/);
  await expect(designer.inspector.getByRole('heading').first()).toContainText('→');
  // Home goes back to the first item; Page Down steps to the next in reading order.
  await page.keyboard.press('Home');
  await expect(designer.node('ca:ca')).toHaveClass(/is-kbd-focus/);
  await page.keyboard.press('PageDown');
  await expect(designer.node('ca:ca')).not.toHaveClass(/is-kbd-focus/);
  await expect(page.locator('.is-kbd-focus')).toHaveCount(1);
});
