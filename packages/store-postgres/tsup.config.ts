import { defineConfig } from 'tsup';
import { packageTsup } from '../../scripts/tsup-preset';

export default defineConfig(packageTsup());
