import { defineConfig } from 'tsup';
import { packageTsup } from '../../scripts/tsup-preset';

export default defineConfig(
  packageTsup({
    index: 'src/index.ts',
    shopify: 'src/shopify/index.ts',
    pos: 'src/pos/index.ts',
    marketplace: 'src/marketplace/index.ts',
    wms: 'src/wms/index.ts',
    erp: 'src/erp/index.ts',
  }),
);
