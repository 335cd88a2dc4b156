// A crash-test child: the shared crash loop on a PostgreSQL schema, relaying to NATS.
import { NatsEventBus } from '@omnistock/bus-nats';
import { crashLoop } from '@omnistock/runtime/testing';
import { PostgresInventoryStore } from '../pg-store';

const [url, schema, start, natsUrl, stream, prefix] = process.argv.slice(2);
const bus = await NatsEventBus.connect({
  servers: natsUrl ?? '',
  stream: stream ?? '',
  subjectPrefix: `${prefix}.events`,
  dlqSubjectPrefix: `${prefix}.dlq`,
  storage: 'memory',
});
const store = await PostgresInventoryStore.open({ connectionString: url ?? '', schema: schema ?? '' });
await crashLoop(store, bus, Number(start), (line) => process.stdout.write(`${line}\n`));
