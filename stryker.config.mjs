// Mutation testing (npm run mutate): Stryker changes the code of the modules whose promises
// matter most, one mutant at a time, and the unit tests must notice each change.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  coverageAnalysis: 'perTest',
  mutate: [
    'src/export/shell.ts',
    'src/topology/fieldRules.ts',
    'src/topology/designRules.ts',
    'src/export/zip.ts',
    'src/export/bundlePlan.ts',
    'src/ui/canvas/labels.ts',
    'src/ui/canvas/routing.ts',
    'src/topology/checks/*.ts',
    '!src/**/*.test.ts',
  ],
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
  concurrency: 2,
  ignoreStatic: true,
};
