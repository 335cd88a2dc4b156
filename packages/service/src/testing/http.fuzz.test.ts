import { ErrorCodes, type Item, type LocationId } from '@omnistock/core';
import { arbDecimalText, arbEvent, arbSpec, arbTimestamp } from '@omnistock/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCatalog } from '../demo/catalog';
import { type HttpHarness, inMinutes, startHarness } from './internal/harness';
import { loadOpenApiContract, type SpecOperation } from './openapi-contract';

// Every operation of the spec, fuzzed over its query parameters, path parameters, headers and
// request body (the spec's own examples and hand-made valid bodies, near-valid mutations of them,
// testkit's valid CloudEvents, arbitrary JSON and non-JSON): never a 5xx, and every response
// conforms to the OpenAPI document (status, content type, body schema, promised headers).

const RUNS = 200;
const contract = loadOpenApiContract();
const catalog = demoCatalog();
const SKUS = catalog.items.map((i) => String(i.sku));
const LOCATIONS = catalog.locations.map((l) => String(l.id));
const GROUPS = catalog.groups.map((g) => String(g.id));

let h: HttpHarness;
/** Ids that exist once `beforeAll` ran (reservations in several states, a quarantine entry, a report). */
const known = { reservations: [] as string[], quarantine: [] as string[], reconciliations: [] as string[] };

// ── values ────────────────────────────────────────────────────────────────────────────────────

const printable = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);
const junk = fc.oneof(
  printable,
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ minLength: 100, maxLength: 600 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom('', ' ', 'null', 'true', '[]', '{}', '%', '%00', '../x', '__proto__', 'constructor'),
);
const weirdDecimal = fc.oneof(
  arbSpec().chain((spec) => arbDecimalText(spec)),
  fc.constantFrom('0', '-1', '1e400', '1e-400', '0.0000000000001', '١', ' 1', '1 ', '+1', 'NaN', 'Infinity'),
  fc.constantFrom('1_000', '0x10', '1.', '.5', '99999999999999999999999999', '-0', '1e3', '2.50', '1/2'),
);
const validTimestamp = fc.oneof(arbTimestamp(), fc.constantFrom(inMinutes(60), inMinutes(60 * 24 * 7)));
const timestamp = fc.oneof(
  validTimestamp,
  fc.constantFrom(inMinutes(-60), '2026-13-01T00:00:00Z', '2026-12-04', '2026-12-04T09:00:00+01:00'),
);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const anyJson = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;

/** One of a list read when a value is drawn (ids created while fuzzing join the pool). */
const oneOfLive = (list: readonly string[], fallback: string) =>
  fc.nat().map((i) => (list.length === 0 ? fallback : list[i % list.length]!));

/** Values a parameter should accept (known ids, valid formats). */
function validParam(name: string, example: unknown): fc.Arbitrary<string> {
  const valid: Record<string, fc.Arbitrary<string>> = {
    sku: fc.constantFrom(...SKUS),
    location: fc.constantFrom(...LOCATIONS),
    group: fc.constantFrom(...GROUPS),
    channel: fc.constantFrom(...catalog.channels),
    mode: fc.constantFrom('ship', 'pickup'),
    at: validTimestamp,
    dates: validTimestamp,
    explain: fc.constantFrom('true', 'false'),
    limit: fc.integer({ min: 1, max: 1000 }).map(String),
    code: fc.constantFrom(...Object.keys(ErrorCodes)),
    source: fc.constantFrom('wms/dc-1', 'pos/store-12', 'erp/sap-prod'),
    reservationId: oneOfLive(known.reservations, 'res-404'),
    quarantineId: oneOfLive(known.quarantine, '1'),
    reconciliationId: oneOfLive(known.reconciliations, 'rec-404'),
  };
  const ex =
    example === undefined ? printable : fc.constant(String(Array.isArray(example) ? example[0] : example));
  return valid[name] ?? ex;
}

/** Values a parameter should refuse or not find: unknown ids, bad formats, junk. */
function wrongParam(name: string): fc.Arbitrary<string> {
  const wrong: Record<string, fc.Arbitrary<string>> = {
    sku: fc.constantFrom('NO-SUCH-SKU', 'tshirt-m', '-A'),
    location: fc.constantFrom('nowhere', 'STORE-12'),
    group: fc.constantFrom('nowhere-group'),
    channel: fc.constantFrom('web', 'POS'),
    mode: fc.constantFrom('fly', 'SHIP'),
    at: timestamp,
    dates: timestamp,
    explain: fc.constantFrom('1', '0', 'yes', 'TRUE'),
    limit: fc.oneof(
      fc.integer({ min: -5, max: 1200 }).map(String),
      fc.constantFrom('1.5', 'ten', '1e2', '0'),
    ),
    cursor: fc.oneof(fc.base64String({ maxLength: 40 }), printable),
    code: fc.constantFrom('NOPE', 'validation_failed'),
    quarantineId: fc.constantFrom('0', '999999', '-1', '1.5', 'q-1'),
  };
  return fc.oneof(...(wrong[name] ? [wrong[name]!] : []), junk);
}

// ── bodies ────────────────────────────────────────────────────────────────────────────────────

/** Valid (or nearly) bodies per operation: the spec's examples plus bodies over the demo catalog. */
function validBodies(op: SpecOperation): fc.Arbitrary<Json> {
  const examples: Json[] = [];
  for (const media of Object.values(op.requestBody?.content ?? {})) {
    for (const ex of Object.values(
      (media as { examples?: Record<string, { value: Json }> }).examples ?? {},
    )) {
      examples.push(ex.value);
    }
  }
  const eachSku = fc.constantFrom(...SKUS.filter((sku) => sku !== 'RICE-5KG' && sku !== 'SOCKS-3PK'));
  const line = fc.oneof(
    { weight: 3, arbitrary: fc.constant({ sku: 'CAP-ONE', location: 'dc-1', qty: '1' }) },
    {
      weight: 3,
      arbitrary: fc.record({
        sku: eachSku,
        location: fc.constantFrom(...LOCATIONS),
        qty: fc.constantFrom('1', '2'),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        sku: fc.constant('RICE-5KG'),
        location: fc.constantFrom(...LOCATIONS),
        qty: fc.constantFrom('0.5', '1.25'),
      }),
    },
  );
  const ref = fc.stringMatching(/^[\x21-\x7e]{1,40}$/);
  const future = fc.integer({ min: 10, max: 600 }).map(inMinutes);
  const past = fc.constantFrom('2026-12-01T00:00:00Z', '2026-12-02T12:00:00Z', inMinutes(-10));
  const own: Record<string, fc.Arbitrary<Json>> = {
    queryAvailabilityBatch: fc.record({
      type: fc.constant('batch'),
      skus: fc.subarray(SKUS, { minLength: 1 }),
      locations: fc.subarray(LOCATIONS, { minLength: 1 }),
      channel: fc.constantFrom(...catalog.channels),
    }),
    createReservation: fc.record(
      {
        reservationId: fc.stringMatching(/^fz-[a-z0-9]{1,10}$/),
        channel: fc.constantFrom(...catalog.channels),
        lines: fc.array(
          fc.oneof(
            { weight: 3, arbitrary: line },
            {
              weight: 1,
              arbitrary: fc.record({
                sku: eachSku,
                group: fc.constantFrom(...GROUPS),
                qty: fc.constant('1'),
              }),
            },
          ),
          { minLength: 1, maxLength: 3 },
        ),
        expiresAt: future,
        orderRef: ref,
        allowPartial: fc.boolean(),
        strategy: fc.constantFrom('priority', 'singleLocation', 'mostAvailable'),
      },
      { requiredKeys: ['channel', 'lines', 'expiresAt'] },
    ),
    fulfilReservation: fc.record(
      { lines: fc.array(line, { minLength: 1, maxLength: 2 }), documentRef: ref },
      { requiredKeys: ['lines'] },
    ),
    transferReservation: fc.record({
      sku: fc.oneof({ weight: 3, arbitrary: fc.constant('CAP-ONE') }, fc.constantFrom(...SKUS)),
      from: fc.oneof({ weight: 3, arbitrary: fc.constant('dc-1') }, fc.constantFrom(...LOCATIONS)),
      to: fc.constantFrom(...LOCATIONS),
    }),
    extendReservation: fc.record({ expiresAt: future }),
    commitReservation: fc.record({ orderRef: ref }, { requiredKeys: [] }),
    releaseReservation: fc.record({ reason: printable }, { requiredKeys: [] }),
    ingestEvents: fc.array(demoEvent(), { minLength: 1, maxLength: 5 }),
    resubmitQuarantineEntry: fc.record({ event: demoEvent() }, { requiredKeys: [] }),
    createReconciliation: fc.record(
      {
        source: fc.constantFrom('erp/sap-prod', 'erp/fuzz'),
        asOf: past,
        lines: fc.array(
          fc.record({
            sku: eachSku,
            location: fc.constantFrom(...LOCATIONS),
            onHand: fc.integer({ min: 0, max: 300 }).map(String),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        tolerance: fc.constantFrom('0', '1'),
        emitCorrections: fc.boolean(),
      },
      { requiredKeys: ['source', 'asOf', 'lines'] },
    ),
  };
  const choices = [
    ...examples.map((e) => ({ weight: 1, arbitrary: fc.constant(e) })),
    ...(own[op.operationId]
      ? [{ weight: 2 * Math.max(1, examples.length), arbitrary: own[op.operationId]! }]
      : []),
  ];
  return choices.length > 0 ? fc.oneof(...choices) : anyJson;
}

/** A valid CloudEvent (testkit) of a demo item at a demo location, or of a random one. */
function demoEvent(): fc.Arbitrary<Json> {
  const item = fc.constantFrom(...(catalog.items as Item[]));
  const location = fc.constantFrom(...(LOCATIONS as LocationId[]));
  return fc.oneof(arbEvent(undefined, { item, location }), arbEvent()) as fc.Arbitrary<Json>;
}

/** Every path to a node of a JSON value (the root is `[]`). */
function pathsOf(value: Json, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...pathsOf(v, [...at, i]));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  }
  return out;
}

interface Mutation {
  readonly pick: number;
  readonly kind: 'delete' | 'replace' | 'addKey' | 'decimal' | 'duplicate' | 'empty';
  readonly value: Json;
  readonly key: string;
  readonly decimal: string;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  kind: fc.constantFrom('delete', 'replace', 'addKey', 'decimal', 'duplicate', 'empty'),
  value: fc.oneof(anyJson, fc.constantFrom<Json>(null, 0, -1, 1.5, '', [], {}, true, 'x'.repeat(300))),
  key: fc.oneof(fc.constantFrom('extra', '__proto__', 'constructor', 'qty', 'sku'), printable),
  decimal: weirdDecimal,
});

/** Applies a mutation at one node (chosen by `pick`) of a deep copy of `body`. */
function mutate(body: Json, m: Mutation): Json {
  const root = { v: structuredClone(body) } as { v: Json };
  // the root itself only when it has no members (arbitrary JSON and junk bodies cover the root)
  const all = pathsOf(root.v);
  const paths = all.length > 1 ? all.slice(1) : all;
  const path = paths[m.pick % paths.length]!;
  const parent = path.slice(0, -1).reduce<Json>((node, k) => (node as Record<string, Json>)[k]!, root.v);
  const key = path[path.length - 1];
  const set = (v: Json) => {
    if (key === undefined) root.v = v;
    else (parent as Record<string | number, Json>)[key] = v;
  };
  const node = key === undefined ? root.v : (parent as Record<string | number, Json>)[key]!;
  switch (m.kind) {
    case 'delete':
      if (key === undefined) root.v = null;
      else if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete (parent as Record<string, Json>)[key];
      break;
    case 'replace':
      set(m.value);
      break;
    case 'addKey':
      if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
        Object.defineProperty(node, m.key, {
          value: m.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else set({ [m.key]: m.value });
      break;
    case 'decimal':
      set(m.decimal);
      break;
    case 'duplicate':
      if (Array.isArray(node)) node.push(...structuredClone(node));
      else set([node, node]);
      break;
    case 'empty':
      set(Array.isArray(node) ? [] : typeof node === 'string' ? '' : {});
      break;
  }
  return root.v;
}

/** The request body as sent: near-valid mostly, also valid, arbitrary JSON and non-JSON text. */
function bodyText(op: SpecOperation): fc.Arbitrary<string | undefined> {
  const valid = validBodies(op);
  return fc.oneof(
    { weight: 3, arbitrary: fc.tuple(valid, mutation).map(([b, m]) => JSON.stringify(mutate(b, m))) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.array(mutation, { minLength: 2, maxLength: 4 }))
        .map(([b, ms]) => JSON.stringify(ms.reduce(mutate, b))),
    },
    { weight: 3, arbitrary: valid.map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: anyJson.map((b) => JSON.stringify(b)) },
    { weight: 1, arbitrary: fc.oneof(junk, fc.constant(undefined)) },
  );
}

// ── requests ──────────────────────────────────────────────────────────────────────────────────

interface FuzzRequest {
  readonly path: string;
  readonly query: readonly (readonly [string, string])[];
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

const safeSegment = (s: string) => (s === '' || /^(\.|%2e){1,2}$/i.test(s) ? 'x' : encodeURIComponent(s));

/** One parameter of a request: a valid value, a wrong one (or absent), and its part in a chaos request. */
interface Slot {
  readonly name: string;
  readonly in: 'path' | 'query';
  /** Valid values (several for an exploded array); null = left out (optional parameters only). */
  readonly valid: readonly string[] | null;
  /** Wrong values; null = left out. */
  readonly wrong: readonly string[] | null;
  /** In a chaos request: 0 = left out, 1 = valid, 2 = wrong. */
  readonly chaos: 0 | 1 | 2;
}

function slotOf(p: Record<string, unknown>): fc.Arbitrary<Slot> {
  const name = String(p.name);
  const list = (a: fc.Arbitrary<string>) =>
    name === 'dates' ? fc.array(a, { minLength: 1, maxLength: 3 }) : a.map((v) => [v]);
  const valid = list(validParam(name, p.example));
  return fc
    .record({
      valid:
        p.required === true ? valid : name === 'cursor' ? fc.constant(null) : fc.option(valid, { freq: 2 }),
      wrong: fc.option(list(wrongParam(name)), { freq: 4 }),
      chaos: fc.constantFrom<0 | 1 | 2>(0, 1, 2),
    })
    .map((r) => ({ name, in: p.in === 'path' ? 'path' : 'query', ...r }));
}

/**
 * Path and query parameters: all valid (4 in 10), all valid but one wrong, left out or an unknown
 * parameter added (4 in 10), or each independently left out, valid or wrong (2 in 10).
 */
function paramsOf(op: SpecOperation) {
  const slots = op.parameters.filter((p) => p.in === 'path' || p.in === 'query').map(slotOf);
  const mode = fc.oneof(
    { weight: 4, arbitrary: fc.constant('valid' as const) },
    { weight: 4, arbitrary: fc.constant('oneWrong' as const) },
    { weight: 2, arbitrary: fc.constant('chaos' as const) },
  );
  return fc
    .tuple(fc.tuple(...slots), mode, fc.nat(), fc.tuple(printable, printable))
    .map(([all, m, pick, extra]) => {
      const target = m === 'oneWrong' ? pick % (all.length + 1) : -1;
      const path: Record<string, string> = {};
      const query: (readonly [string, string])[] = [];
      all.forEach((slot, i) => {
        const state = m === 'chaos' ? slot.chaos : i === target ? 2 : 1;
        const values =
          slot.in === 'path'
            ? ((state === 2 ? slot.wrong : slot.valid) ?? slot.valid ?? ['x'])
            : state === 0
              ? null
              : state === 2
                ? slot.wrong
                : slot.valid;
        if (slot.in === 'path') path[slot.name] = values?.[0] ?? 'x';
        else for (const v of values ?? []) query.push([slot.name, v]);
      });
      const unknownParam = target === all.length || (m === 'chaos' && pick % 5 === 0);
      if (unknownParam && extra[0] !== '' && !all.some((s) => s.name === extra[0])) query.push(extra);
      return { path, query };
    });
}

function requestOf(op: SpecOperation): fc.Arbitrary<FuzzRequest> {
  const byIn = (where: string) => op.parameters.filter((p) => p.in === where);
  const hasHeader = (name: string) => byIn('header').some((p) => p.name === name);
  const headers = fc.record(
    {
      key: fc.oneof(
        { weight: 6, arbitrary: fc.constant('demo-admin') },
        { weight: 1, arbitrary: fc.constantFrom('demo-ecommerce', 'demo-read', 'demo-ingest', 'demo-pos') },
        { weight: 1, arbitrary: fc.constantFrom('', 'nope') },
      ),
      idempotency: hasHeader('Idempotency-Key')
        ? fc.oneof(
            { weight: 8, arbitrary: fc.uuid() },
            { weight: 1, arbitrary: fc.stringMatching(/^[\x21-\x7e]{0,300}$/) },
          )
        : fc.constant(undefined),
      ifMatch: hasHeader('If-Match')
        ? fc.oneof(
            { weight: 5, arbitrary: fc.constant(null) },
            { weight: 3, arbitrary: fc.constantFrom('"1"', '"2"', '"3"', '*') },
            {
              weight: 2,
              arbitrary: fc.constantFrom('W/"1"', '1', '"0"', '"x"', '"99999999999999999"', '"1", "2"'),
            },
          )
        : fc.constant(null),
      contentType: fc.oneof(
        { weight: 8, arbitrary: fc.constant('application/json') },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'application/cloudevents-batch+json',
            'text/plain',
            'application/json; charset=latin1',
          ),
        },
      ),
    },
    { requiredKeys: ['key', 'contentType'] },
  );
  const body = op.requestBody ? bodyText(op) : fc.constant(undefined);
  return fc.tuple(paramsOf(op), headers, body).map(([params, hd, b]) => ({
    path: op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => safeSegment(params.path[name] ?? 'x')),
    query: params.query,
    headers: {
      ...(hd.key !== '' ? { 'x-api-key': hd.key } : {}),
      ...(hd.idempotency !== undefined && hd.idempotency !== '' ? { 'idempotency-key': hd.idempotency } : {}),
      ...(hd.ifMatch ? { 'if-match': hd.ifMatch } : {}),
      ...(b !== undefined ? { 'content-type': hd.contentType } : {}),
    },
    body: b,
  }));
}

/** Ids the fuzz created join the pools later operations draw from. */
function harvest(operationId: string, text: string): void {
  if (!['createReservation', 'createReconciliation', 'ingestEvents'].includes(operationId)) return;
  const body = JSON.parse(text) as {
    id?: string;
    reconciliationId?: string;
    results?: { quarantineId?: string }[];
  };
  if (operationId === 'createReservation' && body.id) known.reservations.push(body.id);
  if (operationId === 'createReconciliation' && body.reconciliationId) {
    known.reconciliations.push(body.reconciliationId);
  }
  if (operationId === 'ingestEvents') {
    for (const r of body.results ?? []) if (r.quarantineId) known.quarantine.push(r.quarantineId);
  }
}

async function send(op: SpecOperation, r: FuzzRequest): Promise<void> {
  const before = h.checked.violations.length;
  const search = new URLSearchParams(r.query as [string, string][]).toString();
  const response = await h.raw(`${r.path}${search ? `?${search}` : ''}`, {
    method: op.method,
    headers: r.headers,
    ...(r.body !== undefined && op.method !== 'GET' ? { body: r.body } : {}),
  });
  const text = await response.text();
  if (response.ok) harvest(op.operationId, text);
  const found = h.checked.violations.slice(before);
  // the spec's info: every /v1 response carries the RateLimit-* headers
  const unlimited =
    r.path.startsWith('/v1/') &&
    ['limit', 'remaining', 'reset'].some((n) => !response.headers.has(`ratelimit-${n}`));
  if (response.status >= 500 || found.length > 0 || unlimited) {
    throw new Error(
      `${op.method} ${r.path}?${search} → ${response.status}${unlimited ? ' without RateLimit-*' : ''}\n${found.map((v) => `  [${v.rule}] ${v.message}`).join('\n')}`,
    );
  }
}

beforeAll(async () => {
  h = await startHarness({ rateLimit: { limit: 1_000_000, windowMs: 60_000 } });
  const admin = h.client('demo-admin');
  const expiresAt = inMinutes(600);
  // a pool of holds of one cap at the DC (200 there) for the commands to act on, one committed, one released
  const states = ['commit', 'release', ...Array.from({ length: 20 }, () => 'held')];
  for (const [i, then] of states.entries()) {
    const id = `fz-known-${i}`;
    const r = await admin.POST('/v1/reservations', {
      params: { header: { 'Idempotency-Key': id } },
      body: {
        reservationId: id,
        channel: 'ecommerce',
        lines: [{ sku: 'CAP-ONE', location: 'dc-1', qty: '1' }],
        expiresAt,
      },
    });
    expect(r.response.status).toBe(201);
    known.reservations.push(id);
    if (then === 'held') continue;
    const c = await admin.POST(`/v1/reservations/{reservationId}/${then as 'commit' | 'release'}`, {
      params: { path: { reservationId: id }, header: { 'Idempotency-Key': `${id}-${then}` } },
      body: {},
    });
    expect(c.response.status).toBe(200);
  }
  const bad = await admin.POST('/v1/events', {
    body: [
      {
        specversion: '1.0',
        id: 'fz-bad-1',
        source: 'wms/dc-1',
        type: 'omnistock.stock.adjusted.v1',
        time: '2026-12-01T08:00:00Z',
        data: { sku: 'CAP-ONE', location: 'dc-1', delta: 'lots' },
      },
    ],
  });
  known.quarantine.push(
    ...(bad.data?.results ?? []).flatMap((r) => (r.quarantineId ? [r.quarantineId] : [])),
  );
  expect(known.quarantine).toHaveLength(1);
  const rec = await admin.POST('/v1/reconciliations', {
    body: {
      source: 'erp/sap-prod',
      asOf: '2026-12-02T00:00:00Z',
      lines: [{ sku: 'CAP-ONE', location: 'dc-1', onHand: '200' }],
    },
  });
  known.reconciliations.push(rec.data!.reconciliationId);
  expect(h.checked.violations).toEqual([]);
});

afterAll(async () => {
  await h?.close();
});

describe('fuzzing every operation: never a 5xx, every response conforms to the spec', () => {
  it('covers every operation of the spec', () => {
    expect(contract.operations.length).toBeGreaterThanOrEqual(22);
  });

  for (const op of contract.operations) {
    it(`${op.operationId} (${op.method} ${op.path})`, async () => {
      const start = h.checked.checked();
      await fc.assert(
        fc.asyncProperty(requestOf(op), (r) => send(op, r)),
        { numRuns: RUNS },
      );
      expect(h.checked.checked() - start).toBeGreaterThanOrEqual(RUNS);
    });
  }
});
