// `npm run bench`: every benchmark in bench/, in order. Each module exports `run()`.
const suites = process.argv.slice(2);
const modules: Record<string, () => Promise<{ run: () => Promise<void> | void }>> = {
  core: () => import('./core.bench'),
  atp: () => import('./atp.bench'),
  runtime: () => import('./runtime.bench'),
  ledger: () => import('./ledger.bench'),
  service: () => import('./service.bench'),
};

console.log(`omnistock benchmarks — node ${process.version}, ${new Date().toISOString()}`);
for (const [name, load] of Object.entries(modules)) {
  if (suites.length > 0 && !suites.includes(name)) continue;
  const mod = await load();
  await mod.run();
}

export {};
