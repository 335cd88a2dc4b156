import { describe, expect, it } from 'vitest';
import { findOperation, loadOpenApiContract } from './openapi-contract';
import { type ObservedResponse, validateResponse } from './spec-validator';
import { SpecViolationError, specValidatingFetch } from './validating-fetch';

const contract = loadOpenApiContract();

const RATE = { 'ratelimit-limit': '600', 'ratelimit-remaining': '599', 'ratelimit-reset': '42' };
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };
const PROBLEM_TYPE = { 'content-type': 'application/problem+json; charset=utf-8' };

const availability = {
  sku: 'TSHIRT-M',
  location: 'store-12',
  channel: 'ecommerce',
  at: '2026-12-04T09:05:00Z',
  atp: '3',
  preClamp: '3',
  promisable: '3',
  status: 'lowStock',
  oversold: false,
  deficit: '0',
  stale: false,
  fallback: null,
  eligible: true,
  backorder: null,
  asOf: '2026-12-04T09:00:00Z',
};

const reservation = {
  id: 'res-1',
  channel: 'ecommerce',
  state: 'held',
  lines: [{ sku: 'TSHIRT-M', location: 'store-12', qty: '2', fulfilledQty: '0' }],
  expiresAt: '2026-12-04T09:15:00Z',
  createdAt: '2026-12-04T09:00:00Z',
  updatedAt: '2026-12-04T09:00:00Z',
  version: 1,
};

const problem = (status: number, code: string) => ({
  type: `urn:omnistock:problem:${code.toLowerCase()}`,
  title: code,
  status,
  code,
});

const okAvailability: ObservedResponse = {
  method: 'GET',
  url: 'http://127.0.0.1:1/v1/availability?sku=TSHIRT-M&location=store-12&channel=ecommerce',
  status: 200,
  headers: { ...JSON_TYPE, ...RATE },
  body: JSON.stringify(availability),
};

const rules = (r: ObservedResponse) => validateResponse(r, contract).map((v) => `${v.rule}: ${v.message}`);

describe('findOperation', () => {
  it('matches method and path template, preferring literal segments', () => {
    expect(findOperation(contract, 'get', '/v1/availability?sku=A')?.operationId).toBe('getAvailability');
    expect(findOperation(contract, 'GET', 'http://h:1/v1/availability/network')?.operationId).toBe(
      'getNetworkAvailability',
    );
    expect(findOperation(contract, 'GET', '/v1/reservations/r-1')?.operationId).toBe('getReservation');
    expect(findOperation(contract, 'POST', '/v1/reservations/r-1/commit')?.operationId).toBe(
      'commitReservation',
    );
    expect(findOperation(contract, 'GET', '/v1/positions/A%2FB/store-1')?.operationId).toBe('getPosition');
    expect(findOperation(contract, 'DELETE', '/v1/reservations/r-1')).toBeUndefined();
    expect(findOperation(contract, 'GET', '/v1/reservations/r-1/commit')).toBeUndefined();
    expect(findOperation(contract, 'GET', '/v1/positions//store-1')).toBeUndefined();
  });
});

describe('validateResponse: conforming responses', () => {
  it('accepts a good availability answer', () => {
    expect(rules(okAvailability)).toEqual([]);
  });

  it('accepts every response example of the spec, with the headers the service promises', () => {
    let n = 0;
    for (const op of contract.operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        for (const [media, mediaObject] of Object.entries(response.content ?? {})) {
          for (const example of Object.values((mediaObject as { examples?: object }).examples ?? {})) {
            const value = (example as { value: unknown }).value;
            const url = op.path.replace(/\{[^}]+\}/g, 'x-1');
            const observed: ObservedResponse = {
              method: op.method,
              url,
              status: Number(status),
              headers: { 'content-type': media, ...RATE, etag: '"1"', 'retry-after': '42' },
              body: media === 'text/plain' ? String(value) : JSON.stringify(value),
            };
            expect(rules(observed), `${op.operationId} ${status}`).toEqual([]);
            n++;
          }
        }
      }
    }
    expect(n).toBeGreaterThan(100);
  });

  it('accepts text/plain metrics and a 429 with Retry-After', () => {
    expect(
      rules({
        method: 'GET',
        url: '/metrics',
        status: 200,
        headers: { 'content-type': 'text/plain; version=0.0.4' },
        body: '# HELP x\nx 1\n',
      }),
    ).toEqual([]);
    expect(
      rules({
        method: 'GET',
        url: '/v1/positions',
        status: 429,
        headers: { ...PROBLEM_TYPE, 'retry-after': '3' },
        body: JSON.stringify(problem(429, 'RATE_LIMITED')),
      }),
    ).toEqual([]);
  });
});

describe('validateResponse: each rule can fail', () => {
  it('an unknown operation', () => {
    expect(rules({ ...okAvailability, url: '/v1/nothing' })).toEqual([
      'operation: the spec has no operation GET /v1/nothing',
    ]);
    expect(rules({ ...okAvailability, method: 'PUT' })[0]).toMatch(/^operation: /);
  });

  it('an undeclared status', () => {
    expect(rules({ ...okAvailability, status: 418 })).toEqual([
      'status: status 418 is not declared (declared: 200, 400, 401, 403, 404, 429, 500, 503)',
    ]);
    // 413 is declared for the batch, not for a single availability
    expect(rules({ ...okAvailability, status: 413 })[0]).toMatch(/^status: status 413/);
  });

  it('a missing or undeclared content type', () => {
    expect(rules({ ...okAvailability, headers: RATE })).toEqual([
      'content-type: no Content-Type (declared: application/json)',
    ]);
    expect(rules({ ...okAvailability, headers: { ...RATE, 'content-type': 'text/html' } })[0]).toMatch(
      /^content-type: Content-Type text\/html is not declared/,
    );
    const problemAsJson = {
      method: 'GET',
      url: '/v1/positions',
      status: 401,
      headers: JSON_TYPE,
      body: JSON.stringify(problem(401, 'UNAUTHENTICATED')),
    };
    expect(rules(problemAsJson)[0]).toMatch(/^content-type: .*declared: application\/problem\+json/);
  });

  it('a body that is not JSON, has an unknown field, a wrong type, or misses a field', () => {
    expect(rules({ ...okAvailability, body: '{"sku":' })[0]).toMatch(
      /^body: the application\/json body is not JSON/,
    );
    expect(rules({ ...okAvailability, body: JSON.stringify({ ...availability, extra: 1 }) })).toEqual([
      'body: / must NOT have additional properties (extra)',
    ]);
    expect(rules({ ...okAvailability, body: JSON.stringify({ ...availability, atp: 3 }) })).toEqual([
      'body: /atp must be string',
    ]);
    const { deficit: _d, ...missing } = availability;
    expect(rules({ ...okAvailability, body: JSON.stringify(missing) })).toEqual([
      "body: / must have required property 'deficit'",
    ]);
    expect(rules({ ...okAvailability, body: JSON.stringify({ ...availability, at: 'yesterday' }) })).toEqual([
      'body: /at must match format "date-time"',
    ]);
  });

  it('missing promised headers and headers that break their schema', () => {
    const { 'ratelimit-remaining': _r, ...noRemaining } = RATE;
    expect(rules({ ...okAvailability, headers: { ...JSON_TYPE, ...noRemaining } })).toEqual([
      'header: RateLimit-Remaining is missing',
    ]);
    expect(
      rules({ ...okAvailability, headers: { ...JSON_TYPE, ...RATE, 'ratelimit-reset': 'soon' } }),
    ).toEqual(['header: RateLimit-Reset: "soon": / must be integer']);
    expect(rules({ ...okAvailability, headers: { ...JSON_TYPE, ...RATE, 'ratelimit-limit': '-1' } })).toEqual(
      ['header: RateLimit-Limit: "-1": / must be >= 0'],
    );
    const created = {
      method: 'POST',
      url: '/v1/reservations',
      status: 201,
      headers: { ...JSON_TYPE, ...RATE },
      body: JSON.stringify(reservation),
    };
    expect(rules(created)).toEqual(['header: ETag is missing']);
    expect(rules({ ...created, headers: { ...created.headers, etag: 'W/"1"' } })).toEqual([
      'header: ETag "W/\\"1\\"" is not a strong entity tag',
    ]);
    expect(
      rules({ ...created, headers: { ...created.headers, etag: '"1"', 'idempotent-replayed': 'yes' } }),
    ).toEqual(['header: Idempotent-Replayed: "yes": / must be boolean']);
    expect(
      rules({ ...created, headers: { ...created.headers, etag: '"1"', 'idempotent-replayed': 'true' } }),
    ).toEqual([]);
    const limited = {
      method: 'GET',
      url: '/v1/positions',
      status: 429,
      headers: PROBLEM_TYPE,
      body: JSON.stringify(problem(429, 'RATE_LIMITED')),
    };
    expect(rules(limited)).toEqual(['header: Retry-After is missing']);
  });

  it('a problem document whose status or code disagrees with the HTTP status', () => {
    const forbidden = {
      method: 'GET',
      url: '/v1/positions',
      status: 403,
      headers: PROBLEM_TYPE,
      body: JSON.stringify(problem(403, 'FORBIDDEN')),
    };
    expect(rules(forbidden)).toEqual([]);
    expect(rules({ ...forbidden, body: JSON.stringify(problem(401, 'FORBIDDEN')) })).toEqual([
      "problem: the problem's status 401 is not the HTTP status 403",
    ]);
    expect(rules({ ...forbidden, body: JSON.stringify(problem(403, 'UNAUTHENTICATED')) })).toEqual([
      'problem: code UNAUTHENTICATED is sent with 401, not 403',
    ]);
    expect(rules({ ...forbidden, body: JSON.stringify(problem(403, 'NOPE')) })[0]).toMatch(
      /^body: \/code must be equal to one of the allowed values/,
    );
  });
});

describe('specValidatingFetch', () => {
  const serve =
    (response: () => Response): typeof fetch =>
    async () =>
      response();

  it('records the violations of every response and leaves the body readable', async () => {
    const checked = specValidatingFetch(
      serve(() => new Response(JSON.stringify({ status: 'ok', extra: true }), { headers: JSON_TYPE })),
    );
    const response = await checked.fetch(new Request('http://127.0.0.1:1/healthz'));
    expect(await response.json()).toEqual({ status: 'ok', extra: true });
    expect(checked.violations.map((v) => `${v.where}: ${v.message}`)).toEqual([
      'GET /healthz → 200 (getHealth): / must NOT have additional properties (extra)',
    ]);
    await checked.fetch('http://127.0.0.1:1/healthz', { method: 'POST' });
    expect(checked.violations).toHaveLength(2);
    expect(checked.checked()).toBe(2);
  });

  it('in throw mode rejects a non-conforming response and passes a conforming one', async () => {
    const good = specValidatingFetch(
      serve(() => new Response('{"status":"ok"}', { headers: JSON_TYPE })),
      {
        onViolation: 'throw',
      },
    );
    expect((await good.fetch('http://127.0.0.1:1/healthz')).status).toBe(200);
    const bad = specValidatingFetch(
      serve(() => new Response('oops', { status: 502 })),
      { onViolation: 'throw' },
    );
    await expect(bad.fetch('http://127.0.0.1:1/healthz')).rejects.toBeInstanceOf(SpecViolationError);
    expect(bad.violations[0]?.message).toBe('status 502 is not declared (declared: 200, 500)');
  });
});
