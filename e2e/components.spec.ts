import { expect, test } from './designerPage';

test('a custom server is added from the inspector and connected by dragging from a client', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=kubeadm');
  const form = designer.inspector.getByRole('group', { name: 'Add component' });
  await form.getByLabel('Component name').fill('metrics api');
  await form.getByLabel('Role').selectOption('server');
  await form.getByLabel('Runs on').selectOption({ label: 'node01' });
  await form.getByRole('button', { name: 'Add component' }).click();
  await expect(designer.node('metrics-api')).toContainText('metrics-api.crt');

  // Drag from kube-apiserver's source handle (right edge) to the new server's target handle; the chips'
  // own handles only anchor lines and are not for connecting.
  const source = designer.node('kube-apiserver@controlplane').locator('.react-flow__handle.source.connectable');
  const target = designer.node('metrics-api').locator('.react-flow__handle.target.connectable').first();
  await designer.node('kube-apiserver@controlplane').hover();
  await source.dragTo(target);
  await expect(designer.edge('conn:kube-apiserver@controlplane->metrics-api')).toBeAttached();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test("keyboard only: a component is selected with the diagram's arrow keys and Enter, then connected from the inspector", async ({
  designer,
  page,
}) => {
  await designer.open('?preset=course');
  await page.getByRole('application', { name: /Cluster diagram/ }).focus();
  // From the first item (the CA, top left), right to the control plane, right to node01's kubelet.
  for (
    let i = 0;
    i < 12 && !(await designer.node('kubelet@node01').evaluate((el) => el.classList.contains('is-kbd-focus')));
    i++
  ) {
    await page.keyboard.press(i < 3 ? 'ArrowRight' : 'ArrowDown');
  }
  await page.keyboard.press('Enter');
  await expect(designer.inspector.getByRole('heading', { name: 'kubelet (node01)' })).toBeVisible();
  await designer.inspector.getByLabel('Connect as a client to').selectOption({ label: 'etcd (controlplane)' });
  await expect(designer.edge('conn:kubelet@node01->etcd@controlplane')).toBeAttached();
  await expect(
    designer.inspector.getByRole('button', { name: 'kubelet (node01) → etcd (controlplane)' }),
  ).toBeVisible();
});
