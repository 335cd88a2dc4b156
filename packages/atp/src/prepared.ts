import { fail, type FulfilmentMode, ok, type Result } from '@omnistock/core';
import type { LocationQuery } from './availability';
import { type AtpContext, lastKnownFor, policyFor } from './context';
import { type Calc, evaluateMinor, newCalc } from './internal/kernel';
import type { PositionMinor } from './internal/position-minor';
import { type CompiledPolicy, eligibleFor } from './resolve';
import { AvailabilityResult, type ResultEnv, resultEnv } from './result';

declare const clockBrand: unique symbol;

/**
 * A validated `now` for prepared evaluations: parse it once per tick with {@link atpClock} and pass
 * it to every {@link PreparedAvailability}, so the hot path neither parses nor fails.
 */
export interface AtpClock {
  /** RFC 3339, as given: a result's `at` when the query has none. */
  readonly now: string;
  /** Epoch milliseconds. */
  readonly nowMs: number;
  readonly [clockBrand]: true;
}

/**
 * Parses `now` (RFC 3339) into a clock for prepared evaluations. Fails with `VALIDATION_FAILED`
 * (path `['now']`) when it is not a timestamp.
 * @example
 * const clock = unwrap(atpClock('2026-12-04T10:00:00Z'));
 * clock.nowMs; // 1796378400000
 */
export function atpClock(now: string): Result<AtpClock> {
  const nowMs = Date.parse(now);
  if (Number.isNaN(nowMs))
    return fail('VALIDATION_FAILED', `now is not a timestamp: ${now}`, { path: ['now'] });
  return ok({ now, nowMs } as AtpClock);
}

/**
 * One sku × location × channel (and optional mode and `at`) with everything that does not depend on
 * the clock resolved once: the item, the location's eligibility, the policy compiled to integer
 * minor units, the last-known ATP and, for a context built from a list, the position. Evaluating it
 * is the kernel arithmetic on those integers; results are identical to {@link availability} with
 * the same query and `now`.
 *
 * A context is a snapshot: its policy, items, locations and last-known values never change, so
 * neither does a handle. Positions from a list are part of the snapshot; positions from a
 * {@link PositionLookup} are read (through the lookup) on every evaluation, so a handle always sees
 * the position the lookup returns now. A new snapshot (new positions list or policy) needs a new
 * context and new handles.
 *
 * Build one with {@link prepareAvailability}.
 */
export class PreparedAvailability {
  readonly sku: string;
  readonly location: string;
  readonly channel: string;
  readonly mode: FulfilmentMode | undefined;
  /** The query's `at` (supply due by then counts), or undefined for now. */
  readonly at: string | undefined;
  readonly #ctx: AtpContext;
  readonly #policy: CompiledPolicy;
  /** Undefined when positions come from a lookup: read on every evaluation. */
  readonly #position: PositionMinor | undefined;
  readonly #eligible: boolean;
  readonly #lastKnown: number | undefined;
  readonly #atMs: number;
  /** Reused by every evaluation: its figures are copied out before it returns. */
  readonly #calc: Calc;
  /** What results at the last clock share. */
  #env: ResultEnv | undefined;

  /** @internal Use {@link prepareAvailability}. */
  constructor(ctx: AtpContext, query: LocationQuery, policy: CompiledPolicy, atMs: number) {
    this.sku = query.sku;
    this.location = query.location;
    this.channel = query.channel;
    this.mode = query.mode;
    this.at = query.at;
    this.#ctx = ctx;
    this.#policy = policy;
    this.#position = ctx.positionsByLookup ? undefined : ctx.position(query.sku, query.location);
    this.#eligible =
      query.mode === undefined || eligibleFor(policy, ctx.locations.get(query.location)!, query.mode);
    this.#lastKnown =
      policy.fallback === 'lastKnown'
        ? lastKnownFor(ctx, query.sku, query.location, query.channel)
        : undefined;
    this.#atMs = atMs;
    this.#calc = newCalc();
    this.#env = undefined;
  }

  /**
   * ATP in the item's minor units at `clock` (divide by 10^scale, or `Quantity.fromMinor`): the
   * same figure as `availability(…).atpMinor`, with no allocation.
   * @example
   * const h = unwrap(prepareAvailability(ctx, { sku: 'A', location: 'S1', channel: 'web' }));
   * h.atpMinor(unwrap(atpClock('2026-12-04T10:00:00Z'))); // 7
   */
  atpMinor(clock: AtpClock): number {
    return this.#run(clock, this.#calc).atp;
  }

  /**
   * The full result at `clock`: identical to `availability(ctx, query, clock.now)` (figures,
   * flags, quantities and explanation). One object per call; quantities and the explanation are
   * built on access.
   * @example
   * const h = unwrap(prepareAvailability(ctx, { sku: 'A', location: 'S1', channel: 'web' }));
   * const r = h.evaluate(unwrap(atpClock('2026-12-04T10:00:00Z')));
   * r.atp.toString(); // '7'
   */
  evaluate(clock: AtpClock): AvailabilityResult {
    const position = this.#positionNow();
    const calc = this.#run(clock, this.#calc, position);
    let env = this.#env;
    const at = this.at ?? clock.now;
    if (env === undefined || env.at !== at) {
      env = resultEnv(this.#policy, this.channel, at, this.mode, this.#lastKnown);
      this.#env = env;
    }
    return new AvailabilityResult(position, env, calc);
  }

  #positionNow(): PositionMinor {
    return this.#position ?? this.#ctx.position(this.sku, this.location);
  }

  #run(clock: AtpClock, out: Calc, position: PositionMinor = this.#positionNow()): Calc {
    const nowMs = clock.nowMs;
    return evaluateMinor(
      position,
      this.#policy,
      nowMs,
      this.at === undefined ? nowMs : this.#atMs,
      this.#eligible,
      this.#lastKnown,
      out,
    );
  }
}

/**
 * Resolves a location query once for repeated evaluation (a storefront polling a hot sku, a
 * feed re-publishing on every tick): validates the sku, location, `at` and the policy now, so
 * {@link PreparedAvailability.evaluate} and {@link PreparedAvailability.atpMinor} cannot fail.
 * Fails like {@link availability}: `ITEM_UNKNOWN`, `LOCATION_UNKNOWN`, `POLICY_INVALID`,
 * `VALIDATION_FAILED` (a bad `at`).
 * @example
 * const h = unwrap(prepareAvailability(ctx, { sku: 'TEE-M', location: 'store-1', channel: 'web' }));
 * const clock = unwrap(atpClock('2026-12-04T10:00:00Z'));
 * h.atpMinor(clock); // the same as availability(ctx, query, clock.now).atpMinor
 */
export function prepareAvailability(ctx: AtpContext, query: LocationQuery): Result<PreparedAvailability> {
  const item = ctx.items.get(query.sku);
  if (!item)
    return fail('ITEM_UNKNOWN', `no item with sku "${query.sku}"`, {
      path: ['sku'],
      details: { sku: query.sku },
    });
  if (!ctx.locations.has(query.location))
    return fail('LOCATION_UNKNOWN', `no location "${query.location}"`, {
      path: ['location'],
      details: { location: query.location },
    });
  let atMs = Number.NaN;
  if (query.at !== undefined) {
    atMs = Date.parse(query.at);
    if (Number.isNaN(atMs))
      return fail('VALIDATION_FAILED', `at is not a timestamp: ${query.at}`, { path: ['at'] });
  }
  const policy = policyFor(ctx, item, query.location, query.channel);
  if (!policy.ok) return policy;
  return ok(new PreparedAvailability(ctx, query, policy.value, atMs));
}
