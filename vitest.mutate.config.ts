import { defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant (npm run mutate): the fast unit tests that cover
// the mutated modules. The real-crypto suites (*.verify.test.ts) prove the same promises end to
// end, but at minutes a run they would make a mutation run take hours.
export default defineConfig({
  test: {
    include: [
      'src/topology/**/*.test.ts',
      'src/export/{zip,zipEntries,wiring,layouts,opensslCommands,opensslScript,shareLink,changes}.test.ts',
      'src/ui/canvas/*.test.ts',
    ],
    exclude: ['src/topology/checks/scale.test.ts'],
    environment: 'node',
    // A hang guard, as in vite.config.ts: a busy machine makes some of these take many seconds.
    testTimeout: 600_000,
  },
});
