// Builds every workspace package in dependency order (a package's @omnistock/* dependencies first),
// then checks the published shape of each (publint + are-the-types-wrong).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkgs = new Map();
for (const d of readdirSync(join(root, 'packages'))) {
  const file = join(root, 'packages', d, 'package.json');
  if (!existsSync(file)) continue;
  const pj = JSON.parse(readFileSync(file, 'utf8'));
  const deps = Object.keys({ ...pj.dependencies, ...pj.peerDependencies }).filter((n) =>
    n.startsWith('@omnistock/'),
  );
  pkgs.set(pj.name, { dir: join(root, 'packages', d), deps, build: Boolean(pj.scripts?.build) });
}
const order = [];
const state = new Map();
function visit(name, trail) {
  if (state.get(name) === 'done') return;
  if (state.get(name) === 'visiting') throw new Error(`dependency cycle: ${[...trail, name].join(' -> ')}`);
  state.set(name, 'visiting');
  for (const dep of pkgs.get(name)?.deps ?? []) if (pkgs.has(dep)) visit(dep, [...trail, name]);
  state.set(name, 'done');
  order.push(name);
}
for (const name of [...pkgs.keys()].sort()) visit(name, []);
for (const name of order) {
  const p = pkgs.get(name);
  if (!p.build) continue;
  console.log(`\n▶ build ${name}`);
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: p.dir, stdio: 'inherit' });
}
execFileSync('node', [join(root, 'scripts', 'check-packages.mjs')], { stdio: 'inherit' });
