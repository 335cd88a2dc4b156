import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, for tests and the generator script. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
