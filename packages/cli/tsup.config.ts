import { defineConfig } from 'tsup';
import { packageTsup } from '../../scripts/tsup-preset';

export default defineConfig([
  packageTsup(),
  {
    ...packageTsup({ bin: 'src/bin.ts' }),
    format: ['esm'],
    dts: false,
    clean: false,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
