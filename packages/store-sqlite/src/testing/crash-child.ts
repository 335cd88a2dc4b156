// A crash-test child: the shared crash loop on the SQLite file, relaying to NATS.
import { NatsEventBus } from '@omnistock/bus-nats';
import { crashLoop } from '@omnistock/runtime/testing';
import { SqliteInventoryStore } from '../sqlite-store';

const [filename, start, natsUrl, stream, prefix] = process.argv.slice(2);
const bus = await NatsEventBus.connect({
  servers: natsUrl ?? '',
  stream: stream ?? '',
  subjectPrefix: `${prefix}.events`,
  dlqSubjectPrefix: `${prefix}.dlq`,
  storage: 'memory',
});
await crashLoop(SqliteInventoryStore.open({ filename: filename ?? '' }), bus, Number(start), (line) =>
  process.stdout.write(`${line}\n`),
);
