import { expect, test } from './designerPage';

// The page's Content-Security-Policy is strict (no eval). A library that probes for eval is
// caught by the browser and reported even when the probe swallows its error: none may remain,
// on load, on an edit, or while a bundle is generated in the Workers.
test('no Content-Security-Policy violation on load, an edit and a generation, RSA and ECDSA', async ({
  designer,
  page,
}) => {
  const logged: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy|Refused to|unsafe-eval/i.test(message.text())) logged.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  await designer.open('?preset=kubeadm');
  await designer.command('Add worker node').click();
  for (const algorithm of ['ECDSA-P256', 'RSA-2048']) {
    await designer.designKeyAlgorithm.selectOption(algorithm);
    await designer.generate();
  }
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  expect(logged).toEqual([]);
});
