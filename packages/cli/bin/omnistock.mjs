#!/usr/bin/env node
// The `omnistock` command. Runs the built CLI (dist/) when there is one — as installed from the
// registry — and otherwise, inside the omnistock repository before `npm run build`, runs the
// TypeScript sources through tsx so that `npx omnistock …` works straight after `npm install`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
if (existsSync(built)) {
  await import(new URL('../dist/bin.js', import.meta.url).href);
} else {
  const source = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', source, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  // Ctrl+C reaches the child from the terminal itself; forwarding it would count as a second
  // signal (which stops `serve` without draining). SIGTERM is sent to one pid, so pass it on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}
