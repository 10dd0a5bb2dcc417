import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { unzipDownload } from './fixtures';
import { expect, test, verifies } from './designerPage';

const SINGLE = resolve('dist-single/k8s-tls-designer.html');

test.beforeAll(() => {
  execFileSync('npx', ['vite', 'build', '--mode', 'single', '--logLevel', 'warn'], { stdio: 'pipe' });
});

test('the single HTML file, opened from disk with the network blocked, designs, generates, and its bundle verifies', async ({
  browser,
}) => {
  const html = readFileSync(SINGLE, 'utf8');
  // One file: its script inline and allowed by hash alone, no other script, no eval.
  const policy = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)![1]!;
  const scriptSrc = policy
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('script-src'));
  expect(scriptSrc).toMatch(/^script-src( 'sha256-[A-Za-z0-9+/=]+')+$/);
  expect(html).not.toMatch(/src="\.?\/?assets\//);

  const context = await browser.newContext({ acceptDownloads: true });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(file|blob|data):/.test(url)) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
  });
  await page.goto(`file://${SINGLE}?preset=kubeadm`);
  await expect(page.locator('.react-flow__node-component').first()).toBeVisible();
  await page.getByRole('banner').getByLabel('Key algorithm', { exact: true }).selectOption('ECDSA-P256');
  await page.getByRole('button', { name: 'Add worker node', exact: true }).click();
  await expect(page.getByTestId('rf__node-host:node03')).toBeVisible();
  const download = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Generate bundle' }).click();
  const { dir, paths } = await unzipDownload(await download);
  expect(paths).toContain('kubernetes/nodes/node03/kubelet.conf');
  const pki = join(dir, 'kubernetes/pki');
  expect(verifies(join(pki, 'ca.crt'), join(pki, 'apiserver.crt'))).toBe(true);
  expect(verifies(join(pki, 'etcd/ca.crt'), join(pki, 'etcd/server.crt'))).toBe(true);
  // Open design's kubeadm reader is loaded when a file is opened: inline here too, no file beside it.
  const chooser = page.waitForEvent('filechooser');
  await page
    .getByRole('toolbar', { name: 'Edit design' })
    .getByRole('button', { name: 'Open design', exact: true })
    .click();
  await (await chooser).setFiles('examples/kubeadm-config.yaml');
  await expect(page.getByTestId('rf__node-etcd@cp3')).toBeVisible();
  expect(blocked).toEqual([]);
  expect(violations).toEqual([]);
  await context.close();
});

test('the normal build works served from a sub-path: its asset URLs are relative', async ({ page }) => {
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.svg': 'image/svg+xml',
  };
  const prefix = '/tools/tls-designer/';
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    const file = join(resolve('dist'), path.slice(prefix.length) || 'index.html');
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      res
        .writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
        .end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const missing: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 404) missing.push(r.url());
    });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}?preset=kubeadm`);
    await expect(page.locator('.react-flow__node-component').first()).toBeVisible();
    await page.getByRole('banner').getByLabel('Key algorithm', { exact: true }).selectOption('ECDSA-P256');
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Generate bundle' }).click();
    const { paths } = await unzipDownload(await download);
    expect(paths).toContain('kubernetes/pki/apiserver.crt');
    expect(missing).toEqual([]);
  } finally {
    server.close();
  }
});
