import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVICE_VERSION } from './version';

describe('SERVICE_VERSION', () => {
  it('is the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(SERVICE_VERSION).toBe(pkg.version);
  });
});
