import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { viteSingleFile } from 'vite-plugin-singlefile';

// The built page may talk to its own origin only: nothing a user designs or generates can leave
// the browser. Dev mode is exempt because Vite injects inline scripts for hot reload.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  // No <base> may re-point relative URLs, and no form may post anywhere.
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const contentSecurityPolicy = (): Plugin => ({
  name: 'content-security-policy',
  apply: 'build',
  transformIndexHtml: (html) =>
    html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
});

/** The file the single-file build writes. */
export const SINGLE_FILE = 'k8s-tls-designer.html';

// The single HTML file (npm run build:single) opens from disk with no server: its script is
// inline, so the policy allows that one script by its hash, and nothing else inline. It runs
// once vite-plugin-singlefile has inlined everything and the page is written, and names the file.
const singleFilePolicy = (): Plugin => ({
  name: 'single-file-policy',
  apply: 'build',
  writeBundle(options) {
    const dir = options.dir ?? 'dist-single';
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    // Script tags of the page itself start a line; a "<script>" inside the code does not.
    const hashes = [...html.matchAll(/^\s*<script\b[^>]*>([\s\S]*?)<\/script>/gm)].map(
      ([, code]) => `'sha256-${createHash('sha256').update(code!).digest('base64')}'`,
    );
    if (hashes.length === 0 || html.includes('src="./assets/'))
      throw new Error('the single-file build left a script outside the page');
    const icon = `data:image/svg+xml;base64,${readFileSync('public/favicon.svg').toString('base64')}`;
    writeFileSync(
      join(dir, SINGLE_FILE),
      html
        .replace(CSP, CSP.replace("script-src 'self'", `script-src ${hashes.join(' ')}`))
        .replace(/href="[^"]*favicon\.svg"/, `href="${icon}"`),
    );
    rmSync(join(dir, 'index.html'));
  },
});

// In the single file the Workers travel inline too (as Blob URLs): every `?worker` import of the
// source becomes `?worker&inline`.
const inlineWorkers = (): Plugin => ({
  name: 'inline-workers',
  enforce: 'pre',
  transform: (code, id) =>
    id.includes('/src/') && code.includes("?worker'") ? code.replaceAll("?worker'", "?worker&inline'") : null,
});

// A service worker that keeps every file of the build, so the page opens again without a
// network (air-gapped rooms, workshops on bad Wi-Fi). The asset list is known only at build.
const offlineServiceWorker = (): Plugin => ({
  name: 'offline-service-worker',
  apply: 'build',
  generateBundle(_, bundle) {
    const files = [
      './',
      ...Object.keys(bundle)
        .filter((f) => f !== 'sw.js')
        .map((f) => `./${f}`),
      './favicon.svg',
      './keymaker.html',
    ];
    // Asset names carry content hashes, so a hash of the list names this build.
    const version = [...files.join()].reduce((h, c) => (h * 33 + c.charCodeAt(0)) >>> 0, 5381).toString(36);
    this.emitFile({
      type: 'asset',
      fileName: 'sw.js',
      source: `const CACHE = 'k8s-tls-designer-${version}';
const FILES = ${JSON.stringify(files)};
self.addEventListener('install', (e) => { e.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting())); });
self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()));
});
self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== self.location.origin) return;
  // Network first, so a new build is picked up at once; the cache answers when offline.
  e.respondWith(fetch(e.request).then((r) => {
    const copy = r.clone();
    if (r.ok) caches.open(CACHE).then((c) => c.put(e.request, copy));
    return r;
  }).catch(() => caches.match(e.request, { ignoreSearch: true }).then((r) => r || caches.match('./'))));
});
`,
    });
  },
});

export default defineConfig(({ mode }) => ({
  // Relative asset URLs: the build works served from any sub-path (a project page), and opened from disk.
  base: './',
  plugins:
    mode === 'single'
      ? [
          react(),
          contentSecurityPolicy(),
          inlineWorkers(),
          viteSingleFile({ removeViteModuleLoader: true }),
          singleFilePolicy(),
        ]
      : [react(), contentSecurityPolicy(), offlineServiceWorker()],
  // The single file holds no file beside it: no favicon, no key-maker frame, no service worker.
  ...(mode === 'single' ? { publicDir: false as const, build: { outDir: 'dist-single' } } : {}),
  worker:
    mode === 'single'
      ? // Chromium starts no module Worker from a Blob URL on a file:// page, and a Blob-URL Worker
        // cannot load chunks beside it: each is one classic script.
        {
          format: 'iife' as const,
          plugins: () => [inlineWorkers()],
          rolldownOptions: { output: { codeSplitting: false } },
        }
      : { format: 'es' as const },
  test: {
    include: ['src/**/*.test.ts'],
    // Adds up the hostile-input suites' counts and prints them once all files have run.
    globalSetup: ['src/testing/hostileSummary.ts'],
    environment: 'node',
    // A hang guard, not a speed claim: no test has a time limit of its own (a freeze is caught by
    // counting work, src/topology/workMeter.ts). The real-crypto suites take minutes on a busy
    // 2-core machine; only a test that never settles comes near this.
    testTimeout: 1_200_000,
    hookTimeout: 1_200_000,
  },
}));
