import type { OpsOverview } from '@omnistock/service';
import type { Io } from '../../command';
import {
  client,
  type Connection,
  expectData,
  politeFetch,
  problemError,
  UnreachableError,
} from '../../internal/api';
import type { NightlyFeed } from './baseline';
import { cloudEvent } from './events';
import { type DemoWorld, key, type Scenario } from './scenario';
import { type DemoApis, demoPositions, Ingest, readPositions } from './service-io';

/** `GET /ops/overview`, or a clear error when the service is not there or the key is not an admin's. */
export async function opsOverview(connection: Connection, embedded: boolean): Promise<OpsOverview> {
  let response: Response;
  try {
    response = await politeFetch(connection.url)(`${connection.url}/ops/overview`, {
      headers: { 'X-Api-Key': connection.key },
    });
  } catch (e) {
    if (e instanceof UnreachableError && !embedded) {
      throw new Error(
        `the omnistock service is not running at ${connection.url}: start it first with \`npm start\` (or \`omnistock serve\`) and run the demo again, or run \`omnistock demo --embedded\``,
      );
    }
    throw e;
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: reported below
  }
  if (response.status === 401 || response.status === 403) {
    throw new Error(
      `the demo needs an admin key and ${connection.url} refused ${JSON.stringify(connection.key)} (${(body as { code?: string }).code ?? response.status}); pass --key`,
    );
  }
  if (!response.ok) throw problemError(body, response);
  const overview = body as Partial<OpsOverview>;
  if (!overview.catalog)
    throw new Error(`${connection.url}/ops/overview did not answer like an omnistock service`);
  return overview as OpsOverview;
}

export function channelApis(connection: Connection): DemoApis {
  const ops = client(connection);
  if (connection.key !== 'demo-admin') return { ops, web: ops, marketplace: ops, integrations: ops };
  return {
    ops,
    web: client({ ...connection, key: 'demo-ecommerce' }),
    marketplace: ops,
    integrations: client({ ...connection, key: 'demo-ingest' }),
  };
}

/**
 * Releases reservations an interrupted earlier demo run left live on the demo positions (their ids
 * start with `demo-`), and warns when other live reservations remain there.
 */
export async function releaseLeftovers(
  connection: Connection,
  overview: OpsOverview,
  world: DemoWorld,
  io: Io,
): Promise<void> {
  const skus = new Set(world.skus);
  const ops = client(connection);
  const live = overview.reservations.items as {
    id: string;
    channel: string;
    state: string;
    lines: { sku: string }[];
  }[];
  let released = 0;
  for (const r of live) {
    if (!r.id.startsWith('demo-') || !r.lines.some((l) => skus.has(l.sku))) continue;
    if (r.state !== 'held' && r.state !== 'committed') continue;
    const res = await ops.POST('/v1/reservations/{reservationId}/release', {
      params: { path: { reservationId: r.id }, header: { 'Idempotency-Key': `${r.id}-cleanup` } },
      body: { reason: 'left by an interrupted demo run' },
    });
    if (res.error === undefined) released++;
  }
  if (released > 0) io.err(`released ${released} reservation(s) left live by an earlier demo run`);
  const after = await readPositions(ops, world.skus);
  const busy = [...after].filter(([, p]) => Number(p.reserved) + Number(p.committed) > 0).map(([k]) => k);
  if (busy.length > 0) {
    io.err(
      `warning: live reservations the demo did not make hold stock at ${busy.slice(0, 3).join(', ')}${busy.length > 3 ? ', ...' : ''}: the figures may differ from a clean run`,
    );
  }
}

/**
 * Opens the day: counts the opening stock of every demo position at `t0` (so nothing earlier runs
 * left behind moves today's figures) and reads the nightly feed the baseline channels sell against.
 */
export async function openDay(
  apis: DemoApis,
  world: DemoWorld,
  day: Scenario,
  runId: string,
  t0: number,
): Promise<NightlyFeed> {
  const time = new Date(t0).toISOString();
  const ingest = new Ingest(apis.integrations);
  await ingest.send(
    demoPositions(world).map(({ sku, location }) =>
      cloudEvent('omnistock.stock.counted.v1', `${runId}-open-${sku}-${location}`, 'erp/demo', time, {
        sku,
        location,
        onHand: String(day.initial.get(key(sku, location)) ?? 0),
        damaged: '0',
        qualityControl: '0',
        countId: `${runId}-opening`,
      }),
    ),
  );
  if (ingest.totals.accepted !== demoPositions(world).length) {
    const q = ingest.quarantined[0];
    throw new Error(`the service did not take the opening stock${q ? `: ${q.code}: ${q.message}` : ''}`);
  }
  const atp: NightlyFeed['atp'] = { ecommerce: new Map(), marketplace: new Map() };
  for (const ch of ['ecommerce', 'marketplace'] as const) {
    for (const sku of world.skus) {
      const r = expectData(
        await apis.ops.GET('/v1/availability/network', {
          params: { query: { sku, group: world.group, channel: world.channels[ch], mode: 'ship' } },
        }),
      );
      (atp[ch] as Map<string, Map<string, number>>).set(
        sku,
        new Map(r.locations.map((l) => [l.location, Number(l.atp)])),
      );
    }
  }
  return { atp, onHand: day.initial };
}
