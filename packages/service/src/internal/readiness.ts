import type { AppOptions } from '../types';

/** How long one dependency may take to answer a readiness probe. */
const PROBE_TIMEOUT_MS = 2000;

const TIMEOUT = Symbol('timeout');

/** `ok`, `timeout` or `unavailable`: the reason is public (`/readyz` needs no key), so no error text. */
async function probe(check: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const r = await Promise.race([
      check(),
      new Promise((resolve) => {
        timer = setTimeout(() => resolve(TIMEOUT), PROBE_TIMEOUT_MS);
      }),
    ]);
    return r === TIMEOUT ? 'timeout' : 'ok';
  } catch {
    return 'unavailable';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The default `/readyz` checks: the store answers a read (directly, or through the facade) and the
 * bus answers a dead-letter listing.
 * @example
 * await defaultReadiness({ service, store, bus, keys: [] }); // { store: 'ok', bus: 'ok' }
 */
export async function defaultReadiness(options: AppOptions): Promise<Record<string, string>> {
  const { store, bus, service } = options;
  const checks: Record<string, string> = {
    store: await probe(() =>
      store ? store.getCheckpoint('omnistock.readyz') : service.reservation('readyz-probe'),
    ),
  };
  if (bus) checks.bus = await probe(() => bus.deadLetters('readyz'));
  return checks;
}
