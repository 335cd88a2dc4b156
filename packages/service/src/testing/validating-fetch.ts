import { loadOpenApiContract, type OpenApiContract } from './openapi-contract';
import { type SpecViolation, validateResponse } from './spec-validator';

/** Options of {@link specValidatingFetch}. */
export interface SpecValidatingFetchOptions {
  /** `record` (default) keeps violations in `violations`; `throw` also rejects the call with them. */
  readonly onViolation?: 'record' | 'throw';
  /** The contract to validate against (default the v1 OpenAPI document). */
  readonly contract?: OpenApiContract;
}

/** What {@link specValidatingFetch} returns. */
export interface SpecValidatingFetch {
  /** A `fetch` that validates every response it returns. */
  readonly fetch: typeof fetch;
  /** Every violation seen so far, in order (the array is appended to; `length = 0` clears it). */
  readonly violations: SpecViolation[];
  /** How many responses were validated. */
  readonly checked: () => number;
}

/** A violation found by a validating fetch in `throw` mode. */
export class SpecViolationError extends Error {
  constructor(readonly violations: readonly SpecViolation[]) {
    super(
      `response breaks the OpenAPI spec:\n${violations.map((v) => `  [${v.rule}] ${v.where}: ${v.message}`).join('\n')}`,
    );
    this.name = 'SpecViolationError';
  }
}

/**
 * Wraps `fetch` so that every response is checked by {@link validateResponse} (the response the
 * caller gets is untouched: its body is read from a clone). Give it to the typed client so a test
 * validates every response it sees.
 * @example
 * const checked = specValidatingFetch();
 * const api = createOmnistockClient({ baseUrl, apiKey: 'demo-admin', fetch: checked.fetch });
 * await api.GET('/v1/positions', {});
 * expect(checked.violations).toEqual([]);
 */
export function specValidatingFetch(
  baseFetch: typeof fetch = globalThis.fetch,
  options: SpecValidatingFetchOptions = {},
): SpecValidatingFetch {
  const contract = options.contract ?? loadOpenApiContract();
  const violations: SpecViolation[] = [];
  let checked = 0;
  const validating = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : undefined;
    const method = init?.method ?? request?.method ?? 'GET';
    const url = request ? request.url : input instanceof URL ? input.href : String(input);
    const response = await baseFetch(input, init);
    const body = await response.clone().text();
    const found = validateResponse(
      { method, url, status: response.status, headers: response.headers, body },
      contract,
    );
    checked += 1;
    violations.push(...found);
    if (found.length > 0 && options.onViolation === 'throw') throw new SpecViolationError(found);
    return response;
  };
  return { fetch: validating as typeof fetch, violations, checked: () => checked };
}
