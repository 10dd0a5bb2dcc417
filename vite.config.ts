import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Key generation (RSA-4096 especially) and openssl subprocesses are slow on 2 cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
