import { type ErrorCode, isErrorCode, OmnistockError } from '@omnistock/core';
import { createOmnistockClient, type OmnistockClient } from '@omnistock/service/client';
import { UsageError } from '../command';

/** Where the running service is and which key to use. */
export interface Connection {
  readonly url: string;
  readonly key: string;
}

/** The `--url` and `--key` options every client command shares. */
export const CONNECTION_OPTIONS = {
  url: { type: 'string' },
  key: { type: 'string' },
} as const;

/**
 * The usage lines of `--url` and `--key`, their descriptions starting at `column`.
 * @example
 * connectionUsage(22); // '  --url <url>         the service ...'
 */
export function connectionUsage(column: number): string {
  return [
    `${'  --url <url>'.padEnd(column)}the service (default $OMNISTOCK_URL or http://127.0.0.1:8080)`,
    `${'  --key <key>'.padEnd(column)}the API key sent as X-Api-Key (default $OMNISTOCK_API_KEY or demo-admin)`,
  ].join('\n');
}

const DEFAULT_URL = 'http://127.0.0.1:8080';

/**
 * The connection from `--url`/`--key`, then `OMNISTOCK_URL`/`OMNISTOCK_API_KEY`, then the defaults.
 * @example
 * connectionFrom({ url: 'http://127.0.0.1:9000' }, {}); // { url: 'http://127.0.0.1:9000', key: 'demo-admin' }
 */
export function connectionFrom(
  values: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
): Connection {
  const url = (values.url as string | undefined) ?? nonEmpty(env.OMNISTOCK_URL) ?? DEFAULT_URL;
  const key = (values.key as string | undefined) ?? nonEmpty(env.OMNISTOCK_API_KEY) ?? 'demo-admin';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url: "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`--url: "${url}" is not an http(s) URL`);
  }
  if (key.length === 0) throw new UsageError('--key: empty API key');
  return { url: url.replace(/\/+$/, ''), key };
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}

/** The service could not be reached at all (nothing listening, DNS, TLS). */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(
      `cannot reach the omnistock service at ${url} (${reasonOf(cause)}): start it with \`npm start\` (or \`omnistock serve\`), or pass --url`,
      { cause },
    );
  }
}

function reasonOf(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return e instanceof Error ? e.message : String(e);
}

/**
 * A fetch that waits and retries on `429 RATE_LIMITED` (honouring `Retry-After`, at most `retries`
 * times) and turns a network failure into an {@link UnreachableError}.
 */
export function politeFetch(url: string, retries = 8, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    for (let attempt = 0; ; attempt++) {
      const copy = attempt < retries ? request.clone() : request;
      let response: Response;
      try {
        response = await base(copy);
      } catch (e) {
        throw new UnreachableError(url, e);
      }
      if (response.status !== 429 || attempt >= retries) return response;
      const after = Number(response.headers.get('retry-after'));
      await response.body?.cancel();
      const waitMs = Number.isFinite(after) && after > 0 ? Math.min(after, 60) * 1000 : 250 * 2 ** attempt;
      await new Promise((r) => setTimeout(r, waitMs));
    }
  };
}

/**
 * A typed client of the service behind a connection.
 * @example
 * const api = client({ url: 'http://127.0.0.1:8080', key: 'demo-admin' });
 */
export function client(connection: Connection, base?: typeof fetch): OmnistockClient {
  return createOmnistockClient({
    baseUrl: connection.url,
    apiKey: connection.key,
    fetch: politeFetch(connection.url, 8, base),
  });
}

/**
 * The error of a failed API call as an `OmnistockError` (the main loop prints `CODE: detail`):
 * an RFC 9457 problem keeps its code; anything else becomes `INTERNAL` with the status.
 */
export function problemError(error: unknown, response: Response): OmnistockError {
  const p = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    detail?: unknown;
    title?: unknown;
  };
  const code: ErrorCode = isErrorCode(p.code) ? p.code : 'INTERNAL';
  const detail =
    typeof p.detail === 'string' && p.detail !== ''
      ? p.detail
      : typeof p.title === 'string'
        ? p.title
        : `HTTP ${response.status} ${response.statusText}${typeof error === 'string' && error !== '' ? `: ${error.slice(0, 200)}` : ''}`;
  return new OmnistockError({ code, message: detail, details: { status: response.status } });
}

/**
 * The data of an openapi-fetch result, or throws its problem as an `OmnistockError`.
 * @example
 * const result = expectData(await api.GET('/healthz'));
 */
export function expectData<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.error !== undefined || r.data === undefined) throw problemError(r.error, r.response);
  return r.data;
}
