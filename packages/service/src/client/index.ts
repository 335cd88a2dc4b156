import type { paths } from '@omnistock/contracts';
import createFetchClient, { type Client } from 'openapi-fetch';

/** A client of the omnistock v1 HTTP API, typed from the OpenAPI spec's generated `paths`. */
export type OmnistockClient = Client<paths>;

/** Options of {@link createOmnistockClient}. */
export interface OmnistockClientOptions {
  /** The service's base URL, e.g. `http://127.0.0.1:8080`. */
  readonly baseUrl: string;
  /** Sent as `X-Api-Key` on every request. */
  readonly apiKey?: string;
  /** A fetch implementation (default the global `fetch`), e.g. one that records responses. */
  readonly fetch?: typeof fetch;
}

/**
 * Creates an `openapi-fetch` client for the omnistock v1 API: paths, parameters, bodies and responses
 * are typed from `specs/openapi/v1`, so a channel team's code breaks at compile time when the contract
 * changes.
 * @example
 * const api = createOmnistockClient({ baseUrl: 'http://127.0.0.1:8080', apiKey: 'demo-ecommerce' });
 * const { data, error } = await api.GET('/v1/availability', {
 *   params: { query: { sku: 'TSHIRT-M', location: 'store-1', channel: 'ecommerce' } },
 * });
 */
export function createOmnistockClient(options: OmnistockClientOptions): OmnistockClient {
  return createFetchClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.apiKey !== undefined ? { headers: { 'X-Api-Key': options.apiKey } } : {}),
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
  });
}
