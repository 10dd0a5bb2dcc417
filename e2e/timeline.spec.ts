import { expect, test } from './designerPage';

test('the expiry timeline renders for a design, marks what needs attention, and then reads the generated certificates', async ({
  designer,
  page,
}) => {
  await designer.open('?preset=kubeadm');
  await page.getByRole('region', { name: 'Bundle' }).getByRole('button', { name: 'Expiry timeline' }).click();
  const timeline = page.getByRole('region', { name: 'Expiry timeline' });
  await expect(timeline).toContainText('if generated today');
  await expect(timeline.locator('.tl-row')).toHaveCount(3 + 14);
  await expect(timeline.locator('.tl-today')).toHaveCount(1);
  await expect(timeline.locator('.tl-row.is-ok')).toHaveCount(17);

  // An admin certificate issued 400 days ago shows as expired.
  // The timeline lies over the canvas; the chip is reached with the keyboard.
  await designer.chip('admin', 'admin.conf').focus();
  await page.keyboard.press('Enter');
  const validFrom = designer.inspector.getByLabel('Valid from (days after generation)');
  await validFrom.fill('-400');
  await validFrom.press('Enter');
  await expect(timeline.locator('.tl-row.is-expired')).toHaveCount(1);
  await expect(timeline.locator('.tl-row.is-expired')).toContainText('✕ expired');

  await validFrom.fill('0');
  await validFrom.press('Enter');
  await designer.designKeyAlgorithm.selectOption('ECDSA-P256');
  await designer.generate();
  await expect(timeline).toContainText('of the certificates made');
  await expect(timeline.locator('.tl-row')).toHaveCount(17);
});
