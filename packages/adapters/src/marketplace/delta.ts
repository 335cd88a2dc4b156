import { parseMinor, Percent } from '@omnistock/core';
import type { z } from 'zod';
import { type AdapterQuarantine, quarantine } from '../common/result';
import { validatePayload } from '../internal/validate';
import { feedKey, validateFeedEntries } from './feed';
import { type DeltaRule, DeltaRuleSchema, type FeedEntry, type FeedState, FeedStateSchema } from './schemas';

/**
 * Why an entry is in a delta feed.
 * @example
 * run.changes.filter((c) => c.reason === 'status');
 */
export type DeltaReason = 'new' | 'status' | 'absolute' | 'percent' | 'heartbeat' | 'changed';

/**
 * One line of a delta feed.
 * @example
 * for (const { entry, reason, previous } of run.changes) console.log(entry.sku, reason, previous?.atp);
 */
export interface FeedChange {
  readonly entry: FeedEntry;
  readonly reason: DeltaReason;
  /** What was last sent, when there was a previous send. */
  readonly previous?: { readonly atp: string; readonly status: FeedEntry['status'] };
}

/**
 * A delta feed run: what to send, the state to keep for the next run, and refused input.
 * @example
 * const run: DeltaFeed = deltaFeed(undefined, results, { channel: 'marketplace-amazon', rule: {}, now });
 */
export interface DeltaFeed {
  readonly channel: string;
  readonly generatedAt: string;
  readonly changes: readonly FeedChange[];
  readonly state: FeedState;
  readonly quarantined: readonly AdapterQuarantine[];
}

const SCALE = 6;

/**
 * Computes the delta feed of one marketplace channel: only the entries whose change since the
 * last *sent* value passes the rule ({@link DeltaRuleSchema}), so small drifts accumulate until they
 * matter and the marketplace is not flooded. Pure: takes the previous state (or none for the first
 * run) and returns the new one; `now` is passed in. Entries of other channels are not this feed's
 * and are ignored; malformed entries, a malformed state or rule are quarantined (with a bad state
 * or rule nothing is sent and the state is kept).
 * @example
 * const run = deltaFeed(previous, atpResults, { channel: 'marketplace-amazon',
 *   rule: { absolute: '5', percent: '20', maxAgeSeconds: 86_400 }, now: '2026-03-01T10:00:00Z' });
 * send(run.changes); save(run.state);
 */
export function deltaFeed(
  previous: FeedState | undefined,
  results: readonly unknown[],
  options: { readonly channel: string; readonly rule: DeltaRule; readonly now: string },
): DeltaFeed {
  const source = `marketplace/${options.channel}`;
  const empty: FeedState = previous ?? { channel: options.channel, entries: {} };
  const refuse = (q: AdapterQuarantine): DeltaFeed => ({
    channel: options.channel,
    generatedAt: options.now,
    changes: [],
    state: empty,
    quarantined: [q],
  });
  const rule = validatePayload(DeltaRuleSchema, options.rule, source, 'delta rule');
  if (!rule.ok) return refuse(rule.quarantine);
  const state =
    previous === undefined
      ? { ok: true as const, value: empty }
      : validatePayload(FeedStateSchema, previous, source, 'feed state');
  if (!state.ok) return refuse(state.quarantine);
  if (state.value.channel !== options.channel) {
    return refuse(
      quarantine(
        'VALIDATION_FAILED',
        `feed state is for ${state.value.channel}, not ${options.channel}`,
        source,
        previous,
      ),
    );
  }
  const nowMs = Date.parse(options.now);
  if (Number.isNaN(nowMs))
    return refuse(quarantine('VALIDATION_FAILED', `now "${options.now}" is not a time`, source, options.now));

  const { entries, quarantined } = validateFeedEntries(results, source);
  const next: Record<string, FeedState['entries'][string]> = { ...state.value.entries };
  const changes: FeedChange[] = [];
  for (const entry of entries) {
    if (entry.channel !== options.channel) continue;
    const key = feedKey(entry);
    const last = Object.hasOwn(state.value.entries, key) ? state.value.entries[key] : undefined;
    const reason = last === undefined ? 'new' : why(last, entry, rule.value, nowMs);
    if (reason === undefined) continue;
    changes.push({ entry, reason, ...(last ? { previous: { atp: last.atp, status: last.status } } : {}) });
    next[key] = { atp: entry.atp, status: entry.status, sentAt: options.now };
  }
  return {
    channel: options.channel,
    generatedAt: options.now,
    changes,
    state: { channel: options.channel, entries: next },
    quarantined,
  };
}

function why(
  last: FeedState['entries'][string],
  entry: FeedEntry,
  rule: z.output<typeof DeltaRuleSchema>,
  nowMs: number,
): DeltaReason | undefined {
  if (last.status !== entry.status) return 'status';
  const before = minor(last.atp);
  const after = minor(entry.atp);
  const delta = after > before ? after - before : before - after;
  if (rule.absolute === undefined && rule.percent === undefined) {
    if (delta > 0n) return 'changed';
  } else {
    if (rule.absolute !== undefined && delta > 0n && delta >= minor(rule.absolute)) return 'absolute';
    if (rule.percent !== undefined && delta > 0n) {
      const p = Percent.of(rule.percent);
      // |Δ| / before ≥ p / 100, exactly: |Δ| · denominator ≥ units · before
      if (delta * BigInt(p.denominator) >= BigInt(p.units) * before) return 'percent';
    }
  }
  if (rule.maxAgeSeconds !== undefined && nowMs - Date.parse(last.sentAt) >= rule.maxAgeSeconds * 1000) {
    return 'heartbeat';
  }
  return undefined;
}

function minor(decimal: string): bigint {
  const r = parseMinor(decimal, SCALE);
  return r.ok ? BigInt(r.value) : 0n;
}
