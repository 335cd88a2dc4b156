import type { Options } from 'tsup';

/** The one tsup configuration every package builds with: ESM + CJS + declarations for both. */
export function packageTsup(entry: Record<string, string> = { index: 'src/index.ts' }): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { composite: false, customConditions: [] } },
    target: 'node20',
    sourcemap: true,
    clean: true,
    treeshake: true,
    splitting: false,
  };
}
