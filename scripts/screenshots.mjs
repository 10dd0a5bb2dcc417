// Screenshots of the built app for the README and for looking at changes:
//   npm run build && node scripts/screenshots.mjs [outDir]
// Serves dist/ with Vite's preview server and drives the same Chromium the tests use.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { preview } from 'vite';

const outDir = process.argv[2] ?? 'docs';
const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
const server = await preview({ preview: { port: 4174, strictPort: true, host: '127.0.0.1' } });
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  for (const [preset, theme] of [['kubeadm', 'light'], ['kubeadm', 'dark'], ['course', 'light'], ['hardway', 'light']]) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, colorScheme: theme });
    await page.goto(`http://127.0.0.1:4174/?preset=${preset}`);
    await page.locator('.react-flow__node-component').first().waitFor();
    await page.waitForTimeout(600);
    const file = `${outDir}/${preset}-${theme}.png`;
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.httpServer.close();
}
