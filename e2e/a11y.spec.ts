import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './designerPage';

for (const preset of ['course', 'kubeadm', 'hardway']) {
  for (const theme of ['light', 'dark'] as const) {
    test(`axe finds no serious or critical violation: ${preset}, ${theme}, with a selection and a failing line`, async ({ designer, page }) => {
      await page.emulateMedia({ colorScheme: theme });
      await designer.open(preset === 'kubeadm' ? '?scenario=drop-san' : `?preset=${preset}`);
      await page.locator('.react-flow__node-component .component-header').first().click();
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }
}
