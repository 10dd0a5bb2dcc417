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
].join('; ');

const contentSecurityPolicy = (): Plugin => ({
  name: 'content-security-policy',
  apply: 'build',
  transformIndexHtml: (html) =>
    html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
});

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  worker: { format: 'es' },
  // elkjs ships as one 1.4 MB file; it is loaded on its own after the first paint.
  build: { chunkSizeWarningLimit: 1600 },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Key generation (RSA-4096 especially) and openssl subprocesses are slow on 2 cores.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
