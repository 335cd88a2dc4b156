import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Each example's README gives the one command that runs it; CI runs that command, as written, so a
// README cannot drift from a runnable example. (Each example's own test asserts its outcome.)
const run = promisify(execFile);
const examples = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(examples, '..');
const names = readdirSync(examples).filter((n) => existsSync(join(examples, n, 'main.ts')));

/** The commands of the README's first `sh` block. */
function readmeCommands(name: string): string[] {
  const readme = readFileSync(join(examples, name, 'README.md'), 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.replace(/^# or: /, '').trim())
    .filter((l) => l.length > 0);
}

describe('example READMEs', () => {
  it('lists the five examples in examples/README.md', () => {
    const index = readFileSync(join(examples, 'README.md'), 'utf8');
    expect(names.sort()).toEqual([
      'click-and-collect',
      'ecommerce-checkout',
      'erp-reconciliation',
      'marketplace-feed',
      'pos-offline-sync',
    ]);
    for (const name of names) expect(index).toContain(`(./${name}/)`);
  });

  it.each(names)('%s: the README command runs the example', async (name) => {
    const commands = readmeCommands(name);
    expect(commands).toEqual([
      `npm run example -- ${name}`,
      `node --conditions=source --import tsx examples/${name}/main.ts`,
    ]);
    const [node, ...args] = commands[1]!.split(' ');
    const out = await run(node === 'node' ? process.execPath : node!, args, { cwd: root });
    expect(out.stderr).toBe('');
    expect(out.stdout.trim().split('\n').length).toBeGreaterThan(3);
  });

  it('npm run example -- <name> runs the same story; an unknown name is a usage error', async () => {
    const viaNpm = await run('npm', ['run', '-s', 'example', '--', 'pos-offline-sync'], { cwd: root });
    expect(viaNpm.stdout).toContain('converged=true');
    const unknown = await run('npm', ['run', '-s', 'example', '--', 'nope'], { cwd: root }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect('code' in unknown && unknown.code).toBe(2);
    expect(unknown.stderr).toContain('examples: click-and-collect, ecommerce-checkout');
  });
});
