import {
  type FulfilmentMode,
  type Item,
  ok,
  type Quantity,
  type Result,
  type StockPosition,
} from '@omnistock/core';
import { evaluateMinor, newCalc } from './internal/kernel';
import { positionMinor } from './internal/position-minor';
import { type ChannelPolicySetInput, parsePolicySet } from './policy';
import { compilePolicy, eligibleFor, indexPolicy, type PolicyIndex, resolvePolicy } from './resolve';
import { AvailabilityResult, resultEnv } from './result';

/** Options of a one-off evaluation. */
export interface EvaluateOptions {
  readonly channel: string;
  /** RFC 3339. */
  readonly now: string;
  /** Supply due by then counts; default now. */
  readonly at?: string;
  readonly mode?: FulfilmentMode;
  /** The location record, for fulfilment-mode eligibility (needed only with `mode`). */
  readonly location?: { eligibility?: { ship: boolean; pickup: boolean } | undefined };
  /** For the `lastKnown` fallback. */
  readonly lastKnown?: Quantity;
}

const indexes = new WeakMap<ChannelPolicySetInput, PolicyIndex>();

/**
 * Evaluates one position without building a context: for callers that hold a single position
 * (a reservation check, a POS terminal). Validates the policy on first use.
 * @example
 * const r = evaluatePosition(position, item, { rules: [] }, { channel: 'pos', now: '2026-12-04T10:00:00Z' });
 * if (r.ok) r.value.atp.toString();
 */
export function evaluatePosition(
  position: StockPosition,
  item: Item,
  policy: ChannelPolicySetInput,
  options: EvaluateOptions,
): Result<AvailabilityResult> {
  let index = indexes.get(policy);
  if (!index) {
    const parsed = parsePolicySet(policy);
    if (!parsed.ok) return parsed;
    index = indexPolicy(parsed.value);
    indexes.set(policy, index);
  }
  const c = compilePolicy(
    resolvePolicy(index, item.sku, position.location, options.channel),
    item,
    options.channel,
  );
  if (!c.ok) return c;
  const nowMs = Date.parse(options.now);
  const atMs = options.at === undefined ? nowMs : Date.parse(options.at);
  const p = positionMinor(position);
  const eligible = options.mode === undefined || eligibleFor(c.value, options.location ?? {}, options.mode);
  const lastKnown = options.lastKnown?.minor;
  const calc = evaluateMinor(p, c.value, nowMs, atMs, eligible, lastKnown, newCalc());
  return ok(
    new AvailabilityResult(
      p,
      resultEnv(c.value, options.channel, options.at ?? options.now, options.mode, lastKnown),
      calc,
    ),
  );
}
