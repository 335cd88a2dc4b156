import type { Problem } from '@omnistock/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoKeys } from '../demo/keys';
import { hashApiKey } from '../internal/auth';
import type { ApiKeyEntry } from '../types';
import { type HttpHarness, inMinutes, startHarness } from './internal/harness';
import { digestOf } from './state-digest';

// Every refused request must answer the right problem document AND leave the store byte-for-byte
// as it was: the whole event log, every position, the quarantine, the reservations, the outbox, the
// idempotency records of the keys sent and the bus log are compared before and after.

/** A reserve key for ecommerce with a tiny limit (the 429 case). */
const LIMITED: ApiKeyEntry = {
  id: 'key:limited',
  keyHash: hashApiKey('limited-key'),
  roles: ['reserve'],
  channels: ['ecommerce'],
  rateLimit: { limit: 2, windowMs: 3_600_000 },
};

let h: HttpHarness;
const EXPIRES = inMinutes(120);

/** Scoped idempotency keys (the service scopes a key to its principal) and reservation ids a case touches. */
const KEYS = ['key:ecommerce-web:sec-e1', ...[...demoKeys(), LIMITED].map((k) => `${k.id}:sec-x`)];
const RESERVATIONS = ['sec-new', 'sec-e1', 'sec-e2', 'sec-p1'];

interface Sent {
  readonly response: Response;
  readonly error?: unknown;
}

/** Sends a request that must be refused with `status`/`code` and change nothing; returns the problem. */
async function refused(status: number, code: string, send: () => Promise<Sent>): Promise<Problem> {
  const watch = { idempotencyKeys: KEYS, reservationIds: RESERVATIONS };
  const before = await h.state(watch);
  const { response, error } = await send();
  const problem = (error ?? (response.bodyUsed ? {} : await response.clone().json())) as Problem;
  expect({ status: response.status, code: problem.code }).toEqual({ status, code });
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  // "Every /v1 response carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset" (spec info)
  for (const name of ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']) {
    expect(response.headers.get(name), name).toMatch(/^\d+$/);
  }
  const after = await h.state(watch);
  expect(after).toEqual(before);
  expect(digestOf(after)).toBe(digestOf(before));
  return problem;
}

const raw = async (path: string, init: RequestInit): Promise<Sent> => ({ response: await h.raw(path, init) });

const line = (sku: string, location: string, qty: string) => ({ sku, location, qty });
const createBody = (channel: string, reservationId = 'sec-new') => ({
  reservationId,
  channel,
  lines: [line('CAP-ONE', 'store-12', '1')],
  expiresAt: EXPIRES,
});
const idem = (key: string) => ({ header: { 'Idempotency-Key': key } });
const stockEvent = {
  specversion: '1.0',
  id: 'sec-received-1',
  source: 'wms/dc-1',
  type: 'omnistock.stock.received.v1',
  time: '2026-12-01T08:00:00Z',
  subject: 'CAP-ONE',
  partitionkey: 'CAP-ONE',
  data: { sku: 'CAP-ONE', location: 'dc-1', qty: '5' },
};
const availability = (channel: string) => ({
  params: { query: { sku: 'CAP-ONE', location: 'store-12', channel } },
});

beforeAll(async () => {
  h = await startHarness({ keys: [...demoKeys(), LIMITED] });
  const ecommerce = h.client('demo-ecommerce');
  const pos = h.client('demo-pos');
  for (const [api, channel, id] of [
    [ecommerce, 'ecommerce', 'sec-e1'],
    [ecommerce, 'ecommerce', 'sec-e2'],
    [pos, 'pos', 'sec-p1'],
  ] as const) {
    const r = await api.POST('/v1/reservations', { params: idem(id), body: createBody(channel, id) });
    expect(r.response.status).toBe(201);
  }
  // sec-e2 is at version 2, so If-Match "1" is stale
  const extended = await ecommerce.POST('/v1/reservations/{reservationId}/extend', {
    params: { path: { reservationId: 'sec-e2' }, header: { 'Idempotency-Key': 'sec-e2-extend' } },
    body: { expiresAt: inMinutes(180) },
  });
  expect(extended.response.headers.get('etag')).toBe('"2"');
});

afterAll(async () => {
  await h?.close();
});

afterEach(() => {
  expect(h.checked.violations).toEqual([]);
});

describe('the state comparison', () => {
  it('sees an accepted request (so an unchanged digest means something)', async () => {
    const watch = {
      idempotencyKeys: [...KEYS, 'key:ecommerce-web:sec-digest'],
      reservationIds: ['sec-digest'],
    };
    const before = await h.state(watch);
    const r = await h.client('demo-ecommerce').POST('/v1/reservations', {
      params: idem('sec-digest'),
      body: createBody('ecommerce', 'sec-digest'),
    });
    expect(r.response.status).toBe(201);
    expect(r.response.headers.get('etag')).toBe('"1"');
    expect(r.response.headers.get('idempotent-replayed')).toBe('false');
    expect(r.response.headers.get('location')).toBe('/v1/reservations/sec-digest');
    const after = await h.state(watch);
    expect(digestOf(after)).not.toBe(digestOf(before));
    expect(after.reservations['sec-digest']).not.toBeNull();
    expect(after.idempotency['key:ecommerce-web:sec-digest']).not.toBeNull();
    expect(after.events.length).toBeGreaterThan(before.events.length);
    expect(after.bus.length).toBeGreaterThan(before.bus.length);
  });
});

describe('authentication: 401 UNAUTHENTICATED, nothing changes', () => {
  it.each([
    ['no key', undefined],
    ['an unknown key', 'not-a-key'],
    ['a known key in other case', 'DEMO-ADMIN'],
    ['a prefix of a known key', 'demo-admi'],
    ['the stored hash of a key instead of the key', hashApiKey('demo-admin')],
  ])('%s', async (_what, key) => {
    const api = h.client(key);
    const p = await refused(401, 'UNAUTHENTICATED', () =>
      api.POST('/v1/reservations', { params: idem('sec-x'), body: createBody('ecommerce') }),
    );
    expect(p.detail).toMatch(key === undefined ? /X-Api-Key header is required/ : /not known/);
    await refused(401, 'UNAUTHENTICATED', () => api.GET('/v1/availability', availability('ecommerce')));
    await refused(401, 'UNAUTHENTICATED', () => api.POST('/v1/events', { body: [stockEvent] }));
    await refused(401, 'UNAUTHENTICATED', () =>
      api.POST('/v1/reservations/{reservationId}/release', {
        params: { path: { reservationId: 'sec-e1' }, header: { 'Idempotency-Key': 'sec-x' } },
        body: {},
      }),
    );
  });
});

describe('authorisation: a key without the role is 403 FORBIDDEN', () => {
  it('read cannot reserve, commit or ingest', async () => {
    const read = h.client('demo-read');
    const p = await refused(403, 'FORBIDDEN', () =>
      read.POST('/v1/reservations', { params: idem('sec-x'), body: createBody('ecommerce') }),
    );
    expect(p.details).toMatchObject({ role: 'reserve' });
    await refused(403, 'FORBIDDEN', () =>
      h.client('demo-marketplace').POST('/v1/reservations/{reservationId}/commit', {
        params: { path: { reservationId: 'sec-e1' }, header: { 'Idempotency-Key': 'sec-x' } },
        body: {},
      }),
    );
    await refused(403, 'FORBIDDEN', () => read.POST('/v1/events', { body: [stockEvent] }));
  });

  it('reserve cannot ingest, read the quarantine or reconcile; ingest cannot read availability', async () => {
    const ecommerce = h.client('demo-ecommerce');
    const p = await refused(403, 'FORBIDDEN', () => ecommerce.POST('/v1/events', { body: [stockEvent] }));
    expect(p.details).toMatchObject({ role: 'ingest' });
    await refused(403, 'FORBIDDEN', () => ecommerce.GET('/v1/quarantine', {}));
    await refused(403, 'FORBIDDEN', () =>
      ecommerce.POST('/v1/reconciliations', {
        body: {
          source: 'erp/x',
          asOf: '2026-12-01T06:00:00Z',
          emitCorrections: true,
          lines: [{ sku: 'CAP-ONE', location: 'dc-1', onHand: '0' }],
        },
      }),
    );
    await refused(403, 'FORBIDDEN', () =>
      h.client('demo-read').POST('/v1/quarantine/{quarantineId}/resubmit', {
        params: { path: { quarantineId: '1' } },
        body: {},
      }),
    );
    await refused(403, 'FORBIDDEN', () =>
      h.client('demo-ingest').GET('/v1/availability', availability('ecommerce')),
    );
  });
});

describe('channel scope: a channel outside the key is 403 FORBIDDEN naming it', () => {
  it('availability (one, network, batch, time-phased)', async () => {
    const ecommerce = h.client('demo-ecommerce');
    const p = await refused(403, 'FORBIDDEN', () => ecommerce.GET('/v1/availability', availability('pos')));
    expect(p.details).toMatchObject({ channel: 'pos' });
    await refused(403, 'FORBIDDEN', () =>
      h.client('demo-marketplace').GET('/v1/availability/network', {
        params: { query: { sku: 'CAP-ONE', group: 'uk-stores', channel: 'ecommerce' } },
      }),
    );
    await refused(403, 'FORBIDDEN', () =>
      h.client('demo-pos').POST('/v1/availability/batch', {
        body: { type: 'batch', skus: ['CAP-ONE'], locations: ['store-12'], channel: 'ecommerce' },
      }),
    );
    await refused(403, 'FORBIDDEN', () =>
      h.client('demo-pos').GET('/v1/availability/time-phased', {
        params: { query: { sku: 'CAP-ONE', location: 'store-12', channel: 'ecommerce', dates: [EXPIRES] } },
      }),
    );
  });

  it('creating a reservation for another channel', async () => {
    const p = await refused(403, 'FORBIDDEN', () =>
      h.client('demo-ecommerce').POST('/v1/reservations', { params: idem('sec-x'), body: createBody('pos') }),
    );
    expect(p.details).toMatchObject({ channel: 'pos', role: 'reserve' });
  });

  it("reading or acting on another channel's reservation", async () => {
    const ecommerce = h.client('demo-ecommerce');
    const path = { reservationId: 'sec-p1' };
    const params = { path, header: { 'Idempotency-Key': 'sec-x' } };
    const p = await refused(403, 'FORBIDDEN', () =>
      ecommerce.GET('/v1/reservations/{reservationId}', { params: { path } }),
    );
    expect(p.details).toMatchObject({ channel: 'pos' });
    await refused(403, 'FORBIDDEN', () =>
      ecommerce.POST('/v1/reservations/{reservationId}/commit', { params, body: {} }),
    );
    await refused(403, 'FORBIDDEN', () =>
      ecommerce.POST('/v1/reservations/{reservationId}/release', { params, body: {} }),
    );
    await refused(403, 'FORBIDDEN', () =>
      ecommerce.POST('/v1/reservations/{reservationId}/extend', {
        params,
        body: { expiresAt: inMinutes(300) },
      }),
    );
    await refused(403, 'FORBIDDEN', () =>
      ecommerce.POST('/v1/reservations/{reservationId}/fulfil', {
        params,
        body: { lines: [line('CAP-ONE', 'store-12', '1')] },
      }),
    );
    await refused(403, 'FORBIDDEN', () =>
      ecommerce.POST('/v1/reservations/{reservationId}/transfer', {
        params,
        body: { sku: 'CAP-ONE', from: 'store-12', to: 'store-14' },
      }),
    );
  });
});

describe('bad input: the right 400/413 problem, nothing changes', () => {
  const json = { 'content-type': 'application/json', 'x-api-key': 'demo-admin' };

  it('an oversized body is 413 PAYLOAD_TOO_LARGE where the spec declares 413', async () => {
    const big = 'x'.repeat(1_100_000);
    const events = JSON.stringify([{ ...stockEvent, data: { ...stockEvent.data, note: big } }]);
    await refused(413, 'PAYLOAD_TOO_LARGE', () =>
      raw('/v1/events', { method: 'POST', headers: json, body: events }),
    );
    const skus = Array.from({ length: 60_000 }, (_, i) => `SKU-${String(i).padStart(12, '0')}`);
    await refused(413, 'PAYLOAD_TOO_LARGE', () =>
      raw('/v1/availability/batch', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ type: 'batch', skus, locations: ['store-12'], channel: 'ecommerce' }),
      }),
    );
    await refused(413, 'PAYLOAD_TOO_LARGE', () =>
      raw('/v1/reconciliations', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ source: 'erp/x', asOf: '2026-12-01T06:00:00Z', lines: [], pad: big }),
      }),
    );
  });

  it('a batch of more than 1000 events is 413 PAYLOAD_TOO_LARGE', async () => {
    const events = Array.from({ length: 1001 }, (_, i) => ({ ...stockEvent, id: `sec-many-${i}` }));
    await refused(413, 'PAYLOAD_TOO_LARGE', () =>
      h.client('demo-ingest').POST('/v1/events', { body: events }),
    );
  });

  it('an oversized reservation body (413 not declared there) is refused within the declared statuses', async () => {
    const body = JSON.stringify({ ...createBody('ecommerce'), orderRef: 'x'.repeat(1_100_000) });
    const before = await h.state({ idempotencyKeys: KEYS, reservationIds: RESERVATIONS });
    const response = await h.raw('/v1/reservations', {
      method: 'POST',
      headers: { ...json, 'x-api-key': 'demo-ecommerce', 'idempotency-key': 'sec-x' },
      body,
    });
    expect(response.status).toBe(400);
    expect(await h.state({ idempotencyKeys: KEYS, reservationIds: RESERVATIONS })).toEqual(before);
  });

  it.each([
    ['truncated JSON', '{"channel":"ecommerce","lines":['],
    ['not JSON at all', 'channel=ecommerce'],
    ['an empty body', ''],
    ['JSON with a trailing comma', '{"channel":"ecommerce",}'],
  ])('malformed JSON (%s) is 400 VALIDATION_FAILED', async (_what, body) => {
    const headers = { ...json, 'x-api-key': 'demo-ecommerce', 'idempotency-key': 'sec-x' };
    await refused(400, 'VALIDATION_FAILED', () => raw('/v1/reservations', { method: 'POST', headers, body }));
    await refused(400, 'VALIDATION_FAILED', () =>
      raw('/v1/events', { method: 'POST', headers: { ...json, 'x-api-key': 'demo-ingest' }, body }),
    );
  });

  /** Sends each body with an unknown field; returns the problems (each must be 400 VALIDATION_FAILED). */
  async function unknownFields(): Promise<[string, Problem][]> {
    const ecommerce = h.client('demo-ecommerce');
    const params = { path: { reservationId: 'sec-e1' }, header: { 'Idempotency-Key': 'sec-x' } };
    return [
      [
        'colour',
        await refused(400, 'VALIDATION_FAILED', () =>
          ecommerce.POST('/v1/reservations', {
            params: idem('sec-x'),
            body: { ...createBody('ecommerce'), colour: 'red' } as never,
          }),
        ),
      ],
      [
        'gift',
        await refused(400, 'VALIDATION_FAILED', () =>
          ecommerce.POST('/v1/reservations', {
            params: idem('sec-x'),
            body: {
              ...createBody('ecommerce'),
              lines: [{ ...line('CAP-ONE', 'store-12', '1'), gift: true }],
            } as never,
          }),
        ),
      ],
      [
        'priority',
        await refused(400, 'VALIDATION_FAILED', () =>
          ecommerce.POST('/v1/reservations/{reservationId}/commit', {
            params,
            body: { orderRef: 'o-1', priority: 'high' } as never,
          }),
        ),
      ],
    ];
  }

  it('unknown fields are 400 VALIDATION_FAILED with an issue naming the field', async () => {
    for (const [field, problem] of await unknownFields()) {
      expect(problem.issues?.some((i) => i.path.includes(field) || i.message.includes(`"${field}"`))).toBe(
        true,
      );
    }
  });

  // not the enclosing object ([] / ['lines', 0]): a client can point at the offending member
  it('the issue path of an unknown field locates the field', async () => {
    const paths = (await unknownFields()).map(([, p]) => p.issues?.map((i) => i.path));
    expect(paths).toEqual([[['colour']], [['lines', 0, 'gift']], [['priority']]]);
  });

  it('wrong types are 400 with the issue path', async () => {
    const ecommerce = h.client('demo-ecommerce');
    const qty = await refused(400, 'QUANTITY_INVALID', () =>
      ecommerce.POST('/v1/reservations', {
        params: idem('sec-x'),
        body: {
          ...createBody('ecommerce'),
          lines: [{ sku: 'CAP-ONE', location: 'store-12', qty: 1 }],
        } as never,
      }),
    );
    expect(qty.issues).toContainEqual(expect.objectContaining({ path: ['lines', 0, 'qty'] }));
    const lines = await refused(400, 'VALIDATION_FAILED', () =>
      ecommerce.POST('/v1/reservations', {
        params: idem('sec-x'),
        body: { ...createBody('ecommerce'), lines: 'CAP-ONE' } as never,
      }),
    );
    expect(lines.issues).toContainEqual(expect.objectContaining({ path: ['lines'] }));
    const batch = await refused(400, 'VALIDATION_FAILED', () =>
      h.client('demo-read').POST('/v1/availability/batch', {
        body: { type: 'batch', skus: 'CAP-ONE', locations: ['store-12'], channel: 'ecommerce' } as never,
      }),
    );
    expect(batch.issues).toContainEqual(expect.objectContaining({ path: ['skus'] }));
    await refused(400, 'VALIDATION_FAILED', () =>
      h.client('demo-read').GET('/v1/positions', { params: { query: { limit: 'ten' as never } } }),
    );
  });

  it('a quantity with more decimals than the item allows is 400 QUANTITY_SCALE_EXCEEDED', async () => {
    const p = await refused(400, 'QUANTITY_SCALE_EXCEEDED', () =>
      h.client('demo-ecommerce').POST('/v1/reservations', {
        params: idem('sec-x'),
        body: { ...createBody('ecommerce'), lines: [line('CAP-ONE', 'store-12', '1.5')] },
      }),
    );
    expect(p.issues).toContainEqual(
      expect.objectContaining({ code: 'QUANTITY_SCALE_EXCEEDED', path: ['lines', 0, 'qty'] }),
    );
  });
});

describe('idempotency and optimistic concurrency', () => {
  it('a replayed Idempotency-Key with another payload is 409 IDEMPOTENCY_CONFLICT naming the field', async () => {
    const ecommerce = h.client('demo-ecommerce');
    const body = createBody('ecommerce', 'sec-e1');
    const p = await refused(409, 'IDEMPOTENCY_CONFLICT', () =>
      ecommerce.POST('/v1/reservations', {
        params: idem('sec-e1'),
        body: { ...body, lines: [line('CAP-ONE', 'store-12', '2')] },
      }),
    );
    expect(p.details).toEqual({ field: 'lines[0].qty' });
    expect(p.detail).toContain('lines[0].qty');
    const other = await refused(409, 'IDEMPOTENCY_CONFLICT', () =>
      ecommerce.POST('/v1/reservations', { params: idem('sec-e1'), body: { ...body, orderRef: 'cart-9' } }),
    );
    expect(other.details).toEqual({ field: 'orderRef' });
  });

  it('the same key and payload replays the first result and changes nothing', async () => {
    const watch = { idempotencyKeys: KEYS, reservationIds: RESERVATIONS };
    const before = await h.state(watch);
    const r = await h.client('demo-ecommerce').POST('/v1/reservations', {
      params: idem('sec-e1'),
      body: createBody('ecommerce', 'sec-e1'),
    });
    expect(r.response.status).toBe(201);
    expect(r.response.headers.get('idempotent-replayed')).toBe('true');
    expect(r.data?.id).toBe('sec-e1');
    expect(digestOf(await h.state(watch))).toBe(digestOf(before));
  });

  it('a stale If-Match is 412 VERSION_CONFLICT with the expected and current versions', async () => {
    const p = await refused(412, 'VERSION_CONFLICT', () =>
      h.client('demo-ecommerce').POST('/v1/reservations/{reservationId}/commit', {
        params: {
          path: { reservationId: 'sec-e2' },
          header: { 'Idempotency-Key': 'sec-x', 'If-Match': '"1"' },
        },
        body: {},
      }),
    );
    expect(p.details).toMatchObject({ expected: 1, current: 2 });
  });
});

describe('rate limits', () => {
  it('over the limit is 429 RATE_LIMITED with Retry-After, and the request is not applied', async () => {
    const limited = h.client('limited-key');
    for (const remaining of ['1', '0']) {
      const ok = await limited.GET('/v1/availability', availability('ecommerce'));
      expect(ok.response.status).toBe(200);
      expect(ok.response.headers.get('ratelimit-remaining')).toBe(remaining);
    }
    let response: Response | undefined;
    await refused(429, 'RATE_LIMITED', async () => {
      const r = await limited.POST('/v1/reservations', {
        params: idem('sec-x'),
        body: createBody('ecommerce'),
      });
      response = r.response;
      return r;
    });
    expect(Number(response?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(response?.headers.get('ratelimit-limit')).toBe('2');
    expect(response?.headers.get('ratelimit-remaining')).toBe('0');
    // other keys are not limited by it
    const other = await h.client('demo-ecommerce').GET('/v1/availability', availability('ecommerce'));
    expect(other.response.status).toBe(200);
  });
});
