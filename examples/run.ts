/**
 * Runs one example by name: `npm run example -- <name>` (the same as
 * `node --conditions=source --import tsx examples/<name>/main.ts`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const names = readdirSync(here).filter((n) => existsSync(join(here, n, 'main.ts')));
const name = process.argv[2];
if (name === undefined || !names.includes(name)) {
  console.error(`usage: npm run example -- <name>\nexamples: ${names.join(', ')}`);
  process.exit(2);
}
const example = (await import(pathToFileURL(join(here, name, 'main.ts')).href)) as {
  run: (options: { log: (line: string) => void }) => Promise<unknown>;
};
await example.run({ log: console.log });
