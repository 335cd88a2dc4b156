import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../internal/test-server';

const checkout = {
  reservationId: 'res-1001',
  channel: 'ecommerce',
  lines: [
    { sku: 'TSHIRT-M', group: 'uk-stores', qty: '2' },
    { sku: 'RICE-5KG', location: 'dc-1', qty: '1.5' },
  ],
  expiresAt: '2099-12-04T09:15:00Z',
  orderRef: 'cart-77',
};

describe('reservations over HTTP', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    expect(server.violations).toEqual([]);
    await server.close();
  });

  const create = (body: object, key: string, apiKey = 'demo-ecommerce') =>
    server.client(apiKey).POST('/v1/reservations', {
      params: { header: { 'Idempotency-Key': key } },
      body: body as typeof checkout,
    });

  it('creates a hold (201, Location, ETag) and replays the same key and body', async () => {
    const first = await create(checkout, 'k-1');
    expect(first.response.status).toBe(201);
    expect(first.response.headers.get('location')).toBe('/v1/reservations/res-1001');
    expect(first.response.headers.get('etag')).toBe('"1"');
    expect(first.response.headers.get('idempotent-replayed')).toBe('false');
    expect(first.data).toMatchObject({
      id: 'res-1001',
      channel: 'ecommerce',
      state: 'held',
      version: 1,
      lines: [
        { sku: 'TSHIRT-M', location: 'store-12', group: 'uk-stores', qty: '2', fulfilledQty: '0' },
        { sku: 'RICE-5KG', location: 'dc-1', qty: '1.5', fulfilledQty: '0' },
      ],
    });
    const again = await create(checkout, 'k-1');
    expect(again.response.status).toBe(201);
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');
    expect(again.data).toEqual(first.data);
    const position = await server.client('demo-read').GET('/v1/positions/{sku}/{location}', {
      params: { path: { sku: 'RICE-5KG', location: 'dc-1' } },
    });
    expect(position.data?.reserved).toBe('1.5');
  });

  it('refuses the same key with another body, naming the field (409)', async () => {
    await create(checkout, 'k-1');
    const changed = { ...checkout, lines: [{ ...checkout.lines[0], qty: '3' }, checkout.lines[1]] };
    const { error, response } = await create(changed, 'k-1');
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(error).toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
      status: 409,
      detail: 'Idempotency-Key reused with a different lines[0].qty',
      details: { field: 'lines[0].qty' },
    });
  });

  it('scopes idempotency keys to the caller: another key with the same Idempotency-Key is its own command', async () => {
    await create(checkout, 'shared');
    const pos = await create({ ...checkout, reservationId: 'res-pos', channel: 'pos' }, 'shared', 'demo-pos');
    expect(pos.response.status).toBe(201);
    expect(pos.data?.id).toBe('res-pos');
  });

  it('refuses a missing Idempotency-Key, unknown fields, too many decimals and short stock', async () => {
    const missing = await server.fetch('/v1/reservations', {
      method: 'POST',
      headers: { 'X-Api-Key': 'demo-ecommerce', 'content-type': 'application/json' },
      body: JSON.stringify(checkout),
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ code: 'VALIDATION_FAILED', path: ['Idempotency-Key'] }],
    });
    const unknown = await create({ ...checkout, colour: 'red' }, 'k-2');
    expect(unknown.response.status).toBe(400);
    expect(unknown.error?.code).toBe('VALIDATION_FAILED');
    expect(unknown.error?.issues).toEqual([
      { code: 'VALIDATION_FAILED', path: ['colour'], message: 'unknown field "colour"' },
    ]);
    const scale = await create(
      { ...checkout, lines: [{ sku: 'TSHIRT-M', location: 'store-12', qty: '1.5' }] },
      'k-3',
    );
    expect(scale.response.status).toBe(400);
    expect(scale.error).toMatchObject({
      code: 'QUANTITY_SCALE_EXCEEDED',
      issues: [{ code: 'QUANTITY_SCALE_EXCEEDED', path: ['lines', 0, 'qty'] }],
    });
    const notANumber = await create(
      { ...checkout, lines: [{ sku: 'TSHIRT-M', location: 'store-12', qty: 2 }] },
      'k-4',
    );
    expect(notANumber.response.status).toBe(400);
    expect(notANumber.error?.issues?.[0]?.path).toEqual(['lines', 0, 'qty']);
    const short = await create(
      { ...checkout, lines: [{ sku: 'SNEAKER-42', location: 'store-14', qty: '5' }] },
      'k-5',
    );
    expect(short.response.status).toBe(422);
    expect(short.error).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      details: { sku: 'SNEAKER-42', location: 'store-14', requested: '5' },
    });
    const sku = await create(
      { ...checkout, lines: [{ sku: 'NOPE', location: 'store-12', qty: '1' }] },
      'k-6',
    );
    expect(sku.response.status).toBe(404);
    expect(sku.error?.code).toBe('ITEM_UNKNOWN');
    await create(checkout, 'k-7');
    const exists = await create(checkout, 'k-8');
    expect(exists.response.status).toBe(409);
    expect(exists.error?.code).toBe('RESERVATION_EXISTS');
  });

  it('checks the role and the channel scope of the key (401, 403)', async () => {
    const anonymous = await server.client().POST('/v1/reservations', {
      params: { header: { 'Idempotency-Key': 'k' } },
      body: checkout,
    });
    expect(anonymous.response.status).toBe(401);
    expect(anonymous.error).toMatchObject({
      code: 'UNAUTHENTICATED',
      detail: 'an X-Api-Key header is required',
    });
    const wrongKey = await create(checkout, 'k', 'not-a-key');
    expect(wrongKey.response.status).toBe(401);
    const readOnly = await create(checkout, 'k', 'demo-read');
    expect(readOnly.response.status).toBe(403);
    expect(readOnly.error).toMatchObject({ code: 'FORBIDDEN', details: { role: 'reserve' } });
    const otherChannel = await create({ ...checkout, channel: 'marketplace-amazon' }, 'k', 'demo-ecommerce');
    expect(otherChannel.response.status).toBe(403);
    expect(otherChannel.error).toMatchObject({
      code: 'FORBIDDEN',
      detail: 'key key:ecommerce-web may not act for channel marketplace-amazon',
      details: { channel: 'marketplace-amazon', role: 'reserve' },
    });
    const unknownChannel = await create({ ...checkout, channel: 'fax' }, 'k', 'demo-admin');
    expect(unknownChannel.response.status).toBe(404);
    expect(unknownChannel.error?.code).toBe('CHANNEL_UNKNOWN');
  });

  it('reads a reservation with its ETag, within the channel scope', async () => {
    await create(checkout, 'k-1');
    const api = server.client('demo-ecommerce');
    const got = await api.GET('/v1/reservations/{reservationId}', {
      params: { path: { reservationId: 'res-1001' } },
    });
    expect(got.response.status).toBe(200);
    expect(got.response.headers.get('etag')).toBe('"1"');
    expect(got.data?.orderRef).toBe('cart-77');
    const missing = await api.GET('/v1/reservations/{reservationId}', {
      params: { path: { reservationId: 'res-404' } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({
      code: 'RESERVATION_NOT_FOUND',
      details: { reservationId: 'res-404' },
    });
    const pos = await server.client('demo-pos').GET('/v1/reservations/{reservationId}', {
      params: { path: { reservationId: 'res-1001' } },
    });
    expect(pos.response.status).toBe(403);
    expect(pos.error).toMatchObject({ code: 'FORBIDDEN', details: { channel: 'ecommerce', role: 'read' } });
  });

  it('commits with If-Match, refuses a stale or malformed one, and refuses a second commit', async () => {
    await create(checkout, 'k-1');
    const api = server.client('demo-ecommerce');
    const path = { reservationId: 'res-1001' };
    const stale = await api.POST('/v1/reservations/{reservationId}/commit', {
      params: { path, header: { 'Idempotency-Key': 'c-0', 'If-Match': '"7"' } },
      body: { orderRef: 'order-5001' },
    });
    expect(stale.response.status).toBe(412);
    expect(stale.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { expected: 7, current: 1 } });
    const malformed = await api.POST('/v1/reservations/{reservationId}/commit', {
      params: { path, header: { 'Idempotency-Key': 'c-0', 'If-Match': 'W/"1"' } },
      body: {},
    });
    expect(malformed.response.status).toBe(400);
    expect(malformed.error?.issues?.[0]?.path).toEqual(['If-Match']);
    const committed = await api.POST('/v1/reservations/{reservationId}/commit', {
      params: { path, header: { 'Idempotency-Key': 'c-1', 'If-Match': '"1"' } },
      body: { orderRef: 'order-5001' },
    });
    expect(committed.response.status).toBe(200);
    expect(committed.response.headers.get('etag')).toBe('"2"');
    expect(committed.data).toMatchObject({
      state: 'committed',
      expiresAt: null,
      orderRef: 'order-5001',
      version: 2,
    });
    const replay = await api.POST('/v1/reservations/{reservationId}/commit', {
      params: { path, header: { 'Idempotency-Key': 'c-1', 'If-Match': '"1"' } },
      body: { orderRef: 'order-5001' },
    });
    expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.data).toEqual(committed.data);
    const twice = await api.POST('/v1/reservations/{reservationId}/commit', {
      params: { path, header: { 'Idempotency-Key': 'c-2', 'If-Match': '*' } },
      body: {},
    });
    expect(twice.response.status).toBe(409);
    expect(twice.error).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { state: 'committed', command: 'commit' },
    });
  });

  it('extends, transfers, fulfils partly then wholly; releases another', async () => {
    await create(checkout, 'k-1');
    const api = server.client('demo-ecommerce');
    const path = { reservationId: 'res-1001' };
    const header = (k: string) => ({ 'Idempotency-Key': k });
    const extended = await api.POST('/v1/reservations/{reservationId}/extend', {
      params: { path, header: header('e-1') },
      body: { expiresAt: '2099-12-05T09:25:00Z' },
    });
    expect(extended.data).toMatchObject({ expiresAt: '2099-12-05T09:25:00Z', version: 2 });
    const moved = await api.POST('/v1/reservations/{reservationId}/transfer', {
      params: { path, header: header('t-1') },
      body: { sku: 'TSHIRT-M', from: 'store-12', to: 'store-14' },
    });
    expect(moved.response.status).toBe(200);
    const shirt = (lines: readonly { sku: string }[] | undefined) => lines?.find((l) => l.sku === 'TSHIRT-M');
    expect(shirt(moved.data?.lines)).toMatchObject({ location: 'store-14', group: 'uk-stores', qty: '2' });
    const tooFar = await api.POST('/v1/reservations/{reservationId}/transfer', {
      params: { path, header: header('t-2') },
      body: { sku: 'RICE-5KG', from: 'dc-1', to: 'store-21' },
    });
    expect(tooFar.response.status).toBe(422);
    expect(tooFar.error?.code).toBe('INSUFFICIENT_STOCK');
    const part = await api.POST('/v1/reservations/{reservationId}/fulfil', {
      params: { path, header: header('f-1') },
      body: { lines: [{ sku: 'TSHIRT-M', location: 'store-14', qty: '1' }], documentRef: 'shipment-9' },
    });
    expect(part.data?.state).toBe('held');
    expect(shirt(part.data?.lines)).toMatchObject({ fulfilledQty: '1' });
    const over = await api.POST('/v1/reservations/{reservationId}/fulfil', {
      params: { path, header: header('f-2') },
      body: { lines: [{ sku: 'TSHIRT-M', location: 'store-14', qty: '5' }] },
    });
    expect(over.response.status).toBe(422);
    expect(over.error?.code).toBe('QUANTITY_EXCEEDS_REMAINING');
    const rest = await api.POST('/v1/reservations/{reservationId}/fulfil', {
      params: { path, header: header('f-3') },
      body: {
        lines: [
          { sku: 'TSHIRT-M', location: 'store-14', qty: '1' },
          { sku: 'RICE-5KG', location: 'dc-1', qty: '1.5' },
        ],
      },
    });
    expect(rest.data).toMatchObject({ state: 'fulfilled' });
    const rice = await server.client('demo-read').GET('/v1/positions/{sku}/{location}', {
      params: { path: { sku: 'RICE-5KG', location: 'dc-1' } },
    });
    expect(rice.data).toMatchObject({ onHand: '41', reserved: '0' });

    await create({ ...checkout, reservationId: 'res-2' }, 'k-2');
    const released = await api.POST('/v1/reservations/{reservationId}/release', {
      params: { path: { reservationId: 'res-2' }, header: header('r-1') },
      body: { reason: 'cart abandoned' },
    });
    expect(released.data).toMatchObject({ state: 'released', reason: 'cart abandoned' });
    const missing = await api.POST('/v1/reservations/{reservationId}/release', {
      params: { path: { reservationId: 'res-404' }, header: header('r-2') },
      body: {},
    });
    expect(missing.response.status).toBe(404);
  });
});
