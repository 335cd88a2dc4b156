// A child process for the freshness tests: opens the service's SQLite file with its own store and
// facade (the demo catalog), ingests the CloudEvents given as JSON, closes and prints the statuses.
import { InventoryService } from '@omnistock/runtime';
import { SqliteInventoryStore } from '@omnistock/store-sqlite';
import { demoCatalog } from '../../demo/catalog';

const [filename, eventsJson] = process.argv.slice(2);
const catalog = demoCatalog();
const store = SqliteInventoryStore.open({ filename: filename ?? '' });
const service = new InventoryService({
  store,
  items: catalog.items,
  locations: catalog.locations,
  groups: catalog.groups,
  policies: catalog.policies,
});
const r = await service.ingest(JSON.parse(eventsJson ?? '[]') as unknown[], 'test/other-process');
await store.close();
process.stdout.write(`${JSON.stringify(r.ok ? r.value.map((x) => x.status) : r.error.code)}\n`);
