// The command line as plain JavaScript for Node (npm run build:cli): src/cli/bin.ts and every
// module it reaches, dependencies included, so the package needs nothing else at run time.
// Each command's engine is its own chunk, loaded when that command runs: --help loads none.
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: 'src/cli/bin.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    rolldownOptions: {
      output: { format: 'es', entryFileNames: 'k8s-tls-designer.mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
    },
  },
});
