import { ok, type Result } from '@omnistock/core';
import { availability, batchAvailability } from './availability';
import type { AtpContext } from './context';
import { networkAvailability } from './network';
import { timePhasedAvailability } from './time-phased';
import {
  type AvailabilityQueryJson,
  type AvailabilityResultJson,
  availabilityToJson,
  type BatchResultJson,
  type NetworkAvailabilityResultJson,
  networkToJson,
  type TimePhasedResultJson,
  timePhasedToJson,
  type ToJsonOptions,
} from './wire';

/** The wire result of any query. */
export type AnyResultJson =
  | AvailabilityResultJson
  | NetworkAvailabilityResultJson
  | BatchResultJson
  | TimePhasedResultJson;

/**
 * Runs a wire query of any `type` and returns the wire result: what the HTTP service and the
 * conformance runner call.
 * @example
 * const r = runQueryJson(ctx, { type: 'location', sku: 'A', location: 'S1', channel: 'pos' }, now);
 */
export function runQueryJson(
  ctx: AtpContext,
  q: AvailabilityQueryJson,
  now: string,
  options: ToJsonOptions = {},
): Result<AnyResultJson> {
  const opt = <T>(v: T | undefined, key: string) => (v === undefined ? {} : { [key]: v });
  switch (q.type) {
    case 'location': {
      const r = availability(
        ctx,
        { sku: q.sku, location: q.location, channel: q.channel, ...opt(q.mode, 'mode'), ...opt(q.at, 'at') },
        now,
      );
      return r.ok ? ok(availabilityToJson(r.value, options)) : r;
    }
    case 'network': {
      const r = networkAvailability(
        ctx,
        { sku: q.sku, group: q.group, channel: q.channel, ...opt(q.mode, 'mode'), ...opt(q.at, 'at') },
        now,
      );
      return r.ok ? ok(networkToJson(r.value, options)) : r;
    }
    case 'batch': {
      const r = batchAvailability(
        ctx,
        {
          skus: q.skus,
          locations: q.locations,
          channel: q.channel,
          ...opt(q.mode, 'mode'),
          ...opt(q.at, 'at'),
        },
        now,
      );
      return r.ok ? ok({ results: r.value.map((x) => availabilityToJson(x, options)) }) : r;
    }
    case 'timePhased': {
      const r = timePhasedAvailability(
        ctx,
        {
          sku: q.sku,
          channel: q.channel,
          dates: q.dates,
          ...opt(q.location, 'location'),
          ...opt(q.group, 'group'),
          ...opt(q.mode, 'mode'),
        },
        now,
      );
      return r.ok ? ok(timePhasedToJson(r.value, options)) : r;
    }
  }
}
