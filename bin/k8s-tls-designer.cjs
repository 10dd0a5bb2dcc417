#!/usr/bin/env node
// The installed command: plain JavaScript that Node runs alone (dist-cli/ is built from src/cli by
// `npm run build:cli`). CommonJS on purpose: libuv sizes its thread pool, where Node makes keys,
// once, at its first use, and loading an ES module uses it. So the size is set here, first.
'use strict';
if (!process.env.UV_THREADPOOL_SIZE) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS, so that nothing before this line loads a module asynchronously
  process.env.UV_THREADPOOL_SIZE = String(Math.max(4, require('node:os').availableParallelism()));
}
import('../dist-cli/k8s-tls-designer.mjs').catch((error) => {
  // In a clone, before the first build: say how to make it.
  const unbuilt = error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist-cli');
  process.stderr.write(
    `k8s-tls-designer: ${unbuilt ? 'dist-cli/ is not built here: run npm run build:cli first.' : error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 2;
});
