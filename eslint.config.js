import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The domain layers stay framework-free (style guide): no React, React Flow, zustand or UI.
const domainOnly = {
  // zod's JIT probes eval, which the page's Content-Security-Policy blocks: schemas are built from
  // src/topology/zod.ts, which turns the JIT off.
  paths: [{ name: 'zod', message: 'Import z from src/topology/zod.ts (jitless: no eval probe under the CSP).' }],
  patterns: [
    {
      group: ['react', 'react-dom', 'react/*', '@xyflow/*', 'zustand', 'zustand/*'],
      message: 'Domain code stays free of UI frameworks.',
    },
    { group: ['**/ui/**', '**/store/**', '**/app/**'], message: 'Domain code may not import UI layers.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'node_modules', 'test-results', 'playwright-report', 'reports', '.stryker-tmp*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
    },
  },
  {
    files: ['src/store/**', 'src/ui/**', 'src/app/**'],
    rules: { 'no-restricted-imports': ['error', { paths: domainOnly.paths }] },
  },
  {
    files: ['src/pki/**', 'src/topology/**', 'src/export/**'],
    rules: { 'no-restricted-imports': ['error', domainOnly] },
  },
  {
    // Key makers (Workers, the sandboxed frame) feed the domain: pki/ below them, nothing above.
    files: ['src/keys/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: domainOnly.paths,
          patterns: [
            ...domainOnly.patterns,
            {
              group: ['**/topology/**', '**/export/**', '**/worker/**', '**/cli/**'],
              message: 'keys/ makes keys for pki/ and knows nothing above it.',
            },
          ],
        },
      ],
    },
  },
  {
    // The generation Worker runs the domain off the main thread; the page's layers are not in it.
    files: ['src/worker/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: domainOnly.paths,
          patterns: [
            ...domainOnly.patterns,
            { group: ['**/cli/**'], message: 'worker/ runs the domain, not the command line.' },
          ],
        },
      ],
    },
  },
  {
    // The command line runs the domain on Node: no page, no Workers, no key makers of the browser.
    files: ['src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: domainOnly.paths,
          patterns: [
            ...domainOnly.patterns,
            { group: ['**/keys/**', '**/worker/**'], message: 'cli/ runs the domain modules alone.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/pki/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: domainOnly.paths,
          patterns: [
            ...domainOnly.patterns,
            { group: ['**/topology/**', '**/export/**'], message: 'pki/ is the bottom layer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/topology/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: domainOnly.paths,
          patterns: [...domainOnly.patterns, { group: ['**/export/**'], message: 'topology/ may not import export/.' }],
        },
      ],
    },
  },
);
