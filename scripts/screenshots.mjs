// Screenshots of the built app for the README and for looking at changes:
//   npm run screenshots [-- outDir]
// Serves dist/ with Vite's preview server and drives the same Chromium the tests use.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { preview } from 'vite';

const outDir = process.argv[2] ?? 'docs';
const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
const server = await preview({ preview: { port: 4174, strictPort: true, host: '127.0.0.1' } });
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const shots = [
  { name: 'kubeadm-light', preset: 'kubeadm', theme: 'light' },
  { name: 'kubeadm-dark', preset: 'kubeadm', theme: 'dark' },
  { name: 'kubeadm-slide', preset: 'kubeadm', theme: 'light', hidePanel: true },
  { name: 'course-light', preset: 'course', theme: 'light', select: 'rf__node-kube-apiserver@controlplane' },
  { name: 'hardway-dark', preset: 'hardway', theme: 'dark', signedBy: true },
];
try {
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, colorScheme: shot.theme });
    await page.goto(`http://127.0.0.1:4174/?preset=${shot.preset}`);
    await page.locator('.react-flow__node-component').first().waitFor();
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
