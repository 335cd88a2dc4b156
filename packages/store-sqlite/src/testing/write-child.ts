// A child process for the read-cache freshness tests: opens the shared SQLite file, puts `qty` more
// on hand at a position (one idempotent append with event id `id`), closes and says `done`.
import { projectReceipts, receivedEvent } from '@omnistock/runtime/testing';
import { toStoredEvent } from '@omnistock/runtime';
import { SqliteInventoryStore } from '../sqlite-store';

const [filename, id, sku, location, qty] = process.argv.slice(2);
const store = SqliteInventoryStore.open({ filename: filename ?? '' });
const r = await store.append({
  events: [toStoredEvent(receivedEvent(id ?? '', sku ?? '', location ?? '', qty ?? ''))],
  positions: [{ sku: sku ?? '', location: location ?? '' }],
  project: projectReceipts,
});
await store.close();
process.stdout.write(r.ok ? 'done\n' : `failed: ${r.error.message}\n`);
