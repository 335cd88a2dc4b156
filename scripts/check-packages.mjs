// Build check: every package must be importable from both ESM and CJS as published.
// publint checks each package's exports/files; @arethetypeswrong/cli checks that the types
// resolve under node10, node16 (CJS and ESM) and bundler resolution. Both run offline on `npm pack`.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dirs = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(root, 'packages', d.name))
  .filter((dir) => {
    try {
      return !JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private;
    } catch {
      return false;
    }
  });

let failed = 0;
for (const dir of dirs) {
  const name = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;
  for (const [tool, args] of [
    ['publint', ['--strict']],
    ['attw', ['--pack', '.', '--format', 'table-flipped', '--profile', 'node16']],
  ]) {
    try {
      execFileSync(join(root, 'node_modules', '.bin', tool), args, { cwd: dir, stdio: 'pipe' });
      console.log(`ok   ${tool.padEnd(7)} ${name}`);
    } catch (e) {
      failed++;
      console.log(
        `FAIL ${tool.padEnd(7)} ${name}\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`,
      );
    }
  }
}
if (failed > 0) {
  console.error(`${failed} package check(s) failed`);
  process.exit(1);
}
