import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Tests resolve workspace packages to their TypeScript sources through the `source` export
// condition, so `npm test` needs no build and always tests the code in the tree.
const conditions = ['source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts', 'examples/*/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
