import type { Page } from '@playwright/test';
import { expect, test } from './designerPage';

/** A node's position in the canvas's own coordinates, as React Flow places it. */
async function placeOf(page: Page, id: string): Promise<{ x: number; y: number }> {
  return page.getByTestId(`rf__node-${id}`).evaluate((el) => {
    const m = new DOMMatrix(getComputedStyle(el).transform);
    return { x: Math.round(m.e), y: Math.round(m.f) };
  });
}

test('a dragged host stays where it was put, through an edit and a reload; Tidy up lays it out again, undoably', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=course');
  const banded = await placeOf(page, 'host:node01');
  await expect(designer.command('Tidy up')).toBeDisabled();

  const title = designer.hostTitle('node01');
  const box = (await title.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + 10);
  await page.mouse.down();
  await page.mouse.move(box.x + 80, box.y + 120, { steps: 8 });
  await page.mouse.move(box.x + 120, box.y + 220, { steps: 8 });
  await page.mouse.up();
  await expect.poll(() => placeOf(page, 'host:node01')).not.toEqual(banded);
  const dragged = await placeOf(page, 'host:node01');

  // Another edit moves neither it nor its neighbour.
  const node02 = await placeOf(page, 'host:node02');
  await designer.command('Add worker node').click();
  await expect(designer.node('host:node03')).toBeVisible();
  expect(await placeOf(page, 'host:node01')).toEqual(dragged);
  expect(await placeOf(page, 'host:node02')).toEqual(node02);

  await designer.open();
  await expect(designer.node('host:node03')).toBeVisible();
  expect(await placeOf(page, 'host:node01')).toEqual(dragged);

  await designer.command('Tidy up').click();
  await expect.poll(() => placeOf(page, 'host:node01')).toEqual(banded);
  await designer.command('Undo').click();
  await expect.poll(() => placeOf(page, 'host:node01')).toEqual(dragged);
});

test('adding a worker moves no host it does not touch', async ({ designer, page }) => {
  await designer.open('?preset=kubeadm');
  const hosts = ['host:controlplane', 'host:node01', 'host:node02'];
  const before = await Promise.all(hosts.map((h) => placeOf(page, h)));
  // (A new control plane takes a column of its own, so it moves the workers' band to the right.)
  await designer.command('Add worker node').click();
  await expect(designer.node('host:node03')).toBeVisible();
  expect(await Promise.all(hosts.map((h) => placeOf(page, h)))).toEqual(before);
});

test('selecting a component dims what it is not wired to, and keeps its trust path lit', async ({ designer, page }) => {
  await designer.open('?preset=kubeadm');
  await designer.node('etcd@controlplane').locator('.component-header').click();
  const dimmed = (id: string) => designer.node(id).evaluate((el) => el.classList.contains('is-dimmed'));
  // etcd's clients (apiserver, kubeadm's etcd client) and the etcd CA stay lit...
  await expect.poll(() => dimmed('kube-apiserver@controlplane')).toBe(false);
  expect(await dimmed('etcd-healthcheck@controlplane')).toBe(false);
  expect(await dimmed('ca:etcd-ca')).toBe(false);
  // ...what has nothing to do with etcd steps back: the front-proxy CA, a worker's kube-proxy, kubectl.
  expect(await dimmed('ca:front-proxy-ca')).toBe(true);
  expect(await dimmed('kube-proxy@node01')).toBe(true);
  expect(await dimmed('admin')).toBe(true);
  expect(
    await designer.edge('conn:admin->kube-apiserver@controlplane').evaluate((el) => el.classList.contains('is-dimmed')),
  ).toBe(true);
  // Clearing the selection lights everything again.
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await expect.poll(() => page.locator('.react-flow__node.is-dimmed').count()).toBe(0);
});

test('identical workers are drawn as one stack with bundled lines, and Stack workers expands them', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=kubeadm');
  for (let i = 0; i < 3; i++) await designer.command('Add worker node').click();
  // node01 runs metrics-server; node02 to node05 are the same but for their names.
  const stack = designer.node('host:node02');
  await expect(stack).toContainText('×4 node02');
  await expect(stack).toContainText('4 identical · last node05');
  await expect(designer.node('host:node04')).toHaveCount(0);
  const trunk = designer.edge('conn:kube-apiserver@controlplane->kubelet@node02');
  await expect(trunk).toHaveAttribute('aria-label', /One line for 4 connections of stacked nodes/);

  await page.getByRole('button', { name: 'Stack workers' }).click();
  await expect(designer.node('host:node05')).toBeVisible();
  await expect(designer.node('host:node02')).not.toContainText('identical');
  await expect(trunk).not.toHaveAttribute('aria-label', /stacked/);
});

test('the diagram is one tab stop: arrow keys move a visible cursor, Enter selects, and a skip link passes it', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=course');
  const diagram = page.getByRole('application', { name: /Cluster diagram/ });
  // No node, line or chip is a tab stop of its own.
  expect(
    await page
      .locator('.react-flow__node[tabindex="0"], .react-flow__edge[tabindex="0"], .chip:not([tabindex="-1"])')
      .count(),
  ).toBe(0);
  await diagram.focus();
  await page.keyboard.press('Tab');
  expect(await diagram.evaluate((el) => el.contains(document.activeElement) && el !== document.activeElement)).toBe(
    true,
  );
  await diagram.focus();
  // The cursor starts on the first item, the CA, and is ringed.
  await expect(designer.node('ca:ca')).toHaveClass(/is-kbd-focus/);
  await page.keyboard.press('ArrowDown');
  await expect(designer.node('admin')).toHaveClass(/is-kbd-focus/);
  await page.keyboard.press('ArrowDown');
  await expect(designer.chip('admin', 'admin.crt')).toHaveClass(/is-kbd-focus/);
  await page.keyboard.press('Enter');
  await expect(designer.inspector.getByRole('heading', { name: 'admin.crt' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(designer.inspector.getByRole('heading', { name: 'Cluster' })).toBeVisible();

  // The skip link is the first stop on the page and lands in the side panel.
  await designer.open('?preset=course');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the side panel' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('complementary', { name: 'Design details' })).toBeFocused();
});

test('the canvas the unit tests assume is the one the page has, and it shows the zoom and level of detail they compute', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=kubeadm', { detail: 'auto' });
  const canvas = page.locator('.react-flow');
  const box = (await canvas.boundingBox())!;
  // view.ts's PROJECTOR_CANVAS: 1280x720 with the side panel open.
  expect([Math.round(box.width), Math.round(box.height)]).toEqual([960, 628]);
  // kubeadm with every chip would fit under 12 px: names only, said on the canvas, and every text at 12 px or more.
  await expect(page.locator('.detail-panel')).toContainText('Names only');
  await expect(designer.node('kube-apiserver@controlplane').locator('.chip')).toHaveCount(0);
  await expect(designer.node('kube-apiserver@controlplane')).toContainText(/\d+ certs/);
  const smallest = async () =>
    page.evaluate(() => {
      const zoom = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a;
      const texts = [
        ...document.querySelectorAll('.react-flow__node span, .react-flow__node .chip-label, [data-edge-label]'),
      ].filter((el) => el.textContent?.trim());
      return Math.min(...texts.map((el) => parseFloat(getComputedStyle(el).fontSize) * zoom));
    });
  await expect.poll(smallest).toBeGreaterThanOrEqual(12);
  // Selecting the API server brings its chips back and labels every one of its lines, each at 12 px or more.
  await designer.node('kube-apiserver@controlplane').locator('.component-header').click();
  await expect(designer.node('kube-apiserver@controlplane').locator('.chip').first()).toBeVisible();
  await expect.poll(() => page.locator('[data-edge-label]').count()).toBeGreaterThanOrEqual(15);
  await expect.poll(smallest).toBeGreaterThanOrEqual(12);
  // Asking for every certificate draws every chip.
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.getByRole('button', { name: 'Show every certificate' }).click();
  await expect(designer.node('etcd@controlplane').locator('.chip').first()).toBeVisible();
});

test('identical control planes are drawn as one stack ×3 that opens on demand', async ({ designer, page }) => {
  await designer.open('?preset=kubeadm', { detail: 'auto' });
  await designer.command('Add control-plane node').click();
  await designer.command('Add control-plane node').click();
  const stack = designer.node('host:controlplane');
  await expect(stack).toContainText('×3 controlplane');
  await expect(designer.node('host:controlplane-2')).toHaveCount(0);
  // The schedulers of the three reach their API servers as one line marked ×3.
  await expect(designer.edge('conn:kube-scheduler@controlplane->kube-apiserver@controlplane')).toHaveAttribute(
    'aria-label',
    /One line for 3 /,
  );
  await stack.getByRole('button', { name: /Draw all 3/ }).click();
  await expect(designer.node('host:controlplane-3')).toBeVisible();
  await page.getByRole('button', { name: /^Stack controlplane/ }).click();
  await expect(designer.node('host:controlplane-2')).toHaveCount(0);
});
