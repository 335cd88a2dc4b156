import { defineConfig } from 'tsup';
import { packageTsup } from '../../scripts/tsup-preset';

export default defineConfig(
  packageTsup({
    index: 'src/index.ts',
    client: 'src/client/index.ts',
    testing: 'src/testing/index.ts',
  }),
);
