import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

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

// A service worker that keeps every file of the build, so the page opens again without a
// network (air-gapped rooms, workshops on bad Wi-Fi). The asset list is known only at build.
const offlineServiceWorker = (): Plugin => ({
  name: 'offline-service-worker',
  apply: 'build',
  generateBundle(_, bundle) {
    const files = ['./', ...Object.keys(bundle).filter((f) => f !== 'sw.js').map((f) => `./${f}`), './favicon.svg', './keymaker.html'];
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

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), offlineServiceWorker()],
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts'],
    // Adds up the hostile-input suites' counts and prints them once all files have run.
    globalSetup: ['src/testing/hostileSummary.ts'],
    environment: 'node',
    // Key generation (RSA-4096 especially) and openssl subprocesses are slow on 2 cores.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
