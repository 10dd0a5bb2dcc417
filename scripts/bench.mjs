// Benchmark: prints figures, asserts nothing. Run with `npm run bench` (it builds first).
// One browser run measures the raw RSA key generation rate of the app's own page (the floor),
// then the app's click-to-download for kubeadm designs, cold (no background keys) and warm (the
// pool filled while "designing"), the longest main-thread task during each, the first diagram
// after navigation, and the JavaScript needed before it. Times are ratios to the floor measured
// in the same run, since absolute times drift on shared machines.
// Usage: node scripts/bench.mjs [--out docs/benchmarks.md]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const PORT = Number(process.env.SCRIPT_PORT ?? 4179);
const BASE = `http://127.0.0.1:${PORT}`;
const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : null;
const systemChromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));

// Vite itself, not through npx: killing it then stops the server.
const server = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore' });
const stop = () => server.kill();
process.on('exit', stop);
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(BASE)).ok) break;
  } catch { /* not up yet */ }
  await new Promise((r) => setTimeout(r, 200));
}

/** The JavaScript the page loads before its first diagram: index.html's scripts and module preloads. */
function initialJs() {
  const html = readFileSync('dist/index.html', 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/?([^"]+\.js)"/g)].map((m) => m[1]);
  return files.reduce((sum, f) => sum + gzipSync(readFileSync(join('dist', f))).length, 0);
}

const browser = await chromium.launch(systemChromium ? {
  executablePath: systemChromium,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
} : {});
const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 720 } });
// Every page records its long tasks and when its first diagram appeared.
await context.addInitScript(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
  new MutationObserver((_, observer) => {
    if (document.querySelector('.react-flow__node-component')) {
      window.__firstDiagram = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
});
const page = await context.newPage();
const bundle = () => page.getByRole('region', { name: 'Bundle' });
const background = () => bundle().getByLabel(/Make keys in the background/);

async function open(query = '') {
  await page.goto(`${BASE}/${query}`);
  await page.locator('.react-flow__node-component').first().waitFor();
}

/** A kubeadm design of 3 control planes behind a load balancer and a pool of `workers`. */
async function openDesign(workers, keyAlgorithm) {
  const design = await page.evaluate(() => JSON.parse(localStorage.getItem('k8s-tls-designer')).state.design);
  const params = {
    ...design.params, keyAlgorithm, controlPlaneEndpoint: '10.0.0.100:6443',
    controlPlane: [{ name: 'cp1', ip: '10.0.0.11' }, { name: 'cp2', ip: '10.0.0.12' }, { name: 'cp3', ip: '10.0.0.13' }],
    workers: [{ name: 'pool', ip: '10.0.1.1', count: workers }],
  };
  const file = JSON.stringify({ kind: 'k8s-tls-designer/design', version: 1, design: { presetId: 'kubeadm', params, edits: design.edits } });
  await page.getByLabel('Design file to open').setInputFiles({ name: 'bench.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await page.waitForFunction((n) => document.body.textContent.includes(`pool × ${n.toLocaleString('en')}`), workers);
}

async function setBackground(on) {
  if ((await background().isChecked()) !== on) await background().click();
}

/** Click to download, in seconds, and the longest main-thread task meanwhile (ms). */
async function clickToDownload(timeout = 180_000) {
  await page.evaluate(() => { window.__longTasks.length = 0; });
  const download = page.waitForEvent('download', { timeout });
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Generate bundle' }).click();
  await download;
  const seconds = (Date.now() - t0) / 1000;
  const longest = await page.evaluate(() => Math.max(0, ...window.__longTasks));
  return { seconds, longest };
}

/** Keys per second of a plain WebCrypto RSA-2048 loop in this page: the single-renderer floor. */
async function floorRate(keys = 48) {
  return page.evaluate(async (n) => {
    const params = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let i = 0; i < n / 4; i++) await crypto.subtle.generateKey(params, true, ['sign', 'verify']);
    }));
    return n / ((performance.now() - t0) / 1000);
  }, keys);
}

const rows = [];
const add = (what, figure, ratio = '') => {
  rows.push([what, figure, ratio]);
  console.error(`${what}: ${figure} ${ratio}`);
};

await open('?preset=kubeadm');
const firstDiagram = await page.evaluate(() => window.__firstDiagram);
// Shows the long-task observer works: loading the page has some.
const loadLongest = await page.evaluate(() => Math.max(0, ...window.__longTasks));
await setBackground(false);
await page.reload();
await page.locator('.react-flow__node-component').first().waitFor();
// Let the page settle (the key-maker frame starts after load) before the floor is measured.
await page.waitForTimeout(2500);
const floor = await floorRate();
add('Raw RSA-2048 keygen floor, one page', `${floor.toFixed(1)} keys/s`);

const KEYS_100 = 3 * 10 + 3 + 100 + 3; // control-plane leaves and kubeconfigs, admin pair, a kubelet.conf per worker, 3 CAs
const keysOf = async () => Number((await page.evaluate(() => document.querySelector('.generation-status')?.textContent ?? '')).match(/of (\d+) keys/)?.[1] ?? 0);

await openDesign(100, 'RSA-2048');
const cold100 = await clickToDownload();
const keys100 = (await keysOf()) || KEYS_100;
const floor100 = keys100 / floor;
add(`3 + 100 RSA-2048, cold (no background keys; ${keys100} keys)`, `${cold100.seconds.toFixed(2)} s`, `${(floor100 / cold100.seconds).toFixed(2)}x the floor's ${floor100.toFixed(1)} s`);
add('  longest main-thread task during it', `${cold100.longest.toFixed(0)} ms`);

await setBackground(true);
await page.evaluate(() => { window.__longTasks.length = 0; });
const fillStart = Date.now();
await page.locator('.pool-status').filter({ hasText: /^(\d+) of \1 keys ready$/ }).waitFor({ timeout: 60_000 });
const fillSeconds = (Date.now() - fillStart) / 1000;
const fillLongest = await page.evaluate(() => Math.max(0, ...window.__longTasks));
add('Background pool for 3 + 100 RSA-2048 filled in', `${fillSeconds.toFixed(1)} s`, `${(keys100 / fillSeconds / floor).toFixed(2)}x the floor's rate`);
add('  longest main-thread task while it filled', `${fillLongest.toFixed(0)} ms`);
const warm100 = await clickToDownload();
add('3 + 100 RSA-2048, warm (pool filled)', `${warm100.seconds.toFixed(2)} s`, `${(floor100 / warm100.seconds).toFixed(1)}x the floor's ${floor100.toFixed(1)} s`);
add('  longest main-thread task during it', `${warm100.longest.toFixed(0)} ms`);

await setBackground(false);
await openDesign(1000, 'RSA-2048');
// Cancel in the middle of a long run: how long until the page says so.
await page.getByRole('button', { name: 'Generate bundle' }).click();
await page.waitForTimeout(2000);
const cancelMs = await page.evaluate(async () => {
  const t0 = performance.now();
  [...document.querySelectorAll('button')].find((b) => b.textContent === 'Cancel').click();
  while (!document.querySelector('.generation-status')?.textContent?.startsWith('Cancelled')) await new Promise((r) => requestAnimationFrame(r));
  return performance.now() - t0;
});
add('Cancel during a 3 + 1,000 RSA-2048 run, answered in', `${cancelMs.toFixed(0)} ms`);
const cold1000 = await clickToDownload(300_000);
const keys1000 = keys100 + 900;
add(`3 + 1,000 RSA-2048, cold (${keys1000} keys)`, `${cold1000.seconds.toFixed(1)} s`, `${(keys1000 / floor / cold1000.seconds).toFixed(2)}x the floor's ${(keys1000 / floor).toFixed(1)} s`);
add('  longest main-thread task during it', `${cold1000.longest.toFixed(0)} ms`);

await openDesign(100, 'ECDSA-P256');
const ec100 = await clickToDownload();
add('3 + 100 ECDSA P-256', `${ec100.seconds.toFixed(2)} s`, `${(ec100.seconds / floor100).toFixed(3)} of the RSA floor's time`);
add('  longest main-thread task during it', `${ec100.longest.toFixed(0)} ms`);

add('First diagram after navigation', `${(firstDiagram / 1000).toFixed(2)} s`);
add('JavaScript before the first diagram', `${(initialJs() / 1024).toFixed(0)} KB gzip`);
add('Longest main-thread task while the page loaded (the observer at work)', `${loadLongest.toFixed(0)} ms`);

const version = `Chromium ${browser.version()}`;
await browser.close();
stop();

const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` on ${process.env.BENCH_MACHINE ?? 'this machine'} (${version || 'Playwright Chromium'}).`,
  '',
  '| What | Figure | Against the floor (same run) |',
  '|---|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
].join('\n');
console.log(table);
if (out) writeFileSync(out, `# Benchmarks\n\n${table}`);
