// Screenshots of the built app for the README and for looking at changes:
//   npm run screenshots [-- outDir]
// Serves dist/ with Vite's preview server and drives the same Chromium the tests use.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { preview } from 'vite';

const outDir = process.argv[2] ?? 'docs';
const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
const server = await preview({ preview: { port: 4174, strictPort: true, host: '127.0.0.1' } });
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
/** An HA cluster: three control planes and five workers (four of them identical, so stacked). */
async function ha(page) {
  const click = (name) => page.getByRole('button', { name, exact: true }).click();
  await click('Add control-plane node');
  await click('Add control-plane node');
  for (let i = 0; i < 3; i++) await click('Add worker node');
  // kubeadm join needs a load balancer in front of the API servers: the Problems panel's fix adds one.
  await page.getByRole('button', { name: /Put a load balancer at/ }).click();
}
const shots = [
  ...['light', 'dark'].flatMap((theme) => [
    { name: `course-${theme}`, preset: 'course', theme },
    { name: `kubeadm-${theme}`, preset: 'kubeadm', theme },
    { name: `hardway-${theme}`, preset: 'hardway', theme },
    { name: `ha-${theme}`, preset: 'kubeadm', theme, build: ha },
  ]),
  { name: 'course-focus', preset: 'course', theme: 'light', select: 'rf__node-kube-apiserver@controlplane' },
  { name: 'kubeadm-slide', preset: 'kubeadm', theme: 'light', hidePanel: true },
];
try {
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, colorScheme: shot.theme });
    await page.goto(`http://127.0.0.1:4174/?preset=${shot.preset}`);
    await page.locator('.react-flow__node-component').first().waitFor();
    if (shot.build) await shot.build(page);
    if (shot.hidePanel) await page.getByRole('button', { name: 'Side panel' }).click();
    if (shot.signedBy) await page.getByRole('button', { name: 'Signed-by links' }).click();
    if (shot.select) await page.getByTestId(shot.select).locator('.component-header').click();
    await page.waitForTimeout(700);
    const file = `${outDir}/${shot.name}.png`;
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.httpServer.close();
}
