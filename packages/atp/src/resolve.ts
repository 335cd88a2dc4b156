import {
  type FulfilmentMode,
  fail,
  type Item,
  itemSpec,
  ok,
  Percent,
  Quantity,
  type QuantitySpec,
  type Result,
  sellMultipleOf,
} from '@omnistock/core';
import { durationMs } from './internal/duration';
import type {
  Amount,
  Backorder,
  ChannelPolicySet,
  Fallback,
  PolicyFields,
  PolicyRule,
  Scope,
} from './policy';

/** How specific a scope is, from `global` (least) to `sku+location+channel` (most). */
export type ScopeLevel =
  | 'global'
  | 'channel'
  | 'location'
  | 'location+channel'
  | 'sku'
  | 'sku+channel'
  | 'sku+location'
  | 'sku+location+channel';

const LEVELS: readonly ScopeLevel[] = [
  'global',
  'channel',
  'location',
  'location+channel',
  'sku',
  'sku+channel',
  'sku+location',
  'sku+location+channel',
];

/**
 * The precedence rank of a scope (0 = global … 7 = sku+location+channel).
 * @example
 * scopeRank({ sku: asId('A') }); // 4
 */
export function scopeRank(scope: Scope): number {
  const base =
    scope.sku !== undefined ? (scope.location !== undefined ? 3 : 2) : scope.location !== undefined ? 1 : 0;
  return base * 2 + (scope.channel !== undefined ? 1 : 0);
}

/** Where a resolved field came from: the rule's level, index in the set, id and scope. */
export interface RuleSource {
  readonly level: ScopeLevel;
  readonly index: number;
  readonly id?: string;
  readonly scope: Scope;
}

/** A policy set indexed for resolution. Build once with {@link indexPolicy}; reuse for every query. */
export interface PolicyIndex {
  readonly set: ChannelPolicySet;
  readonly byKey: ReadonlyMap<string, { rule: PolicyRule; index: number }>;
  /** The ranks that occur, most specific first. */
  readonly ranks: readonly number[];
  /** Skus and locations that some rule names: for every other one, the policy does not depend on it. */
  readonly skus: ReadonlySet<string>;
  readonly locations: ReadonlySet<string>;
}

/**
 * Indexes a (validated) policy set by scope.
 * @example
 * const index = indexPolicy({ rules: [{ scope: {}, includeIncoming: true }] });
 */
export function indexPolicy(set: ChannelPolicySet): PolicyIndex {
  const byKey = new Map<string, { rule: PolicyRule; index: number }>();
  const ranks = new Set<number>();
  const skus = new Set<string>();
  const locations = new Set<string>();
  set.rules.forEach((rule, index) => {
    if (rule.scope.sku !== undefined) skus.add(rule.scope.sku);
    if (rule.scope.location !== undefined) locations.add(rule.scope.location);
    const rank = scopeRank(rule.scope);
    ranks.add(rank);
    byKey.set(keyFor(rank, rule.scope.sku ?? '', rule.scope.location ?? '', rule.scope.channel ?? ''), {
      rule,
      index,
    });
  });
  return { set, byKey, ranks: [...ranks].sort((a, b) => b - a), skus, locations };
}

function keyFor(rank: number, sku: string, location: string, channel: string): string {
  const base = rank >> 1;
  const s = base >= 2 ? sku : '';
  const l = base === 1 || base === 3 ? location : '';
  const c = (rank & 1) === 1 ? channel : '';
  return `${rank}|${s}|${l}|${c}`;
}

type FieldName = Exclude<keyof PolicyFields, 'protections' | 'eligibility'>;
const FIELDS: readonly FieldName[] = [
  'safetyStock',
  'buffer',
  'cap',
  'includeIncoming',
  'includeInTransit',
  'staleAfter',
  'fallback',
  'lowStockThreshold',
  'backorder',
];

/** A field value with the rule that supplied it (absent: the built-in default applies). */
export interface Resolved<T> {
  readonly value: T;
  readonly source?: RuleSource;
}

/** The effective policy for one sku × location × channel, before quantities are parsed. */
export interface ResolvedPolicy {
  readonly safetyStock: Resolved<Amount | undefined>;
  readonly buffer: Resolved<Amount | undefined>;
  readonly cap: Resolved<Amount | null>;
  readonly includeIncoming: Resolved<boolean>;
  readonly includeInTransit: Resolved<boolean>;
  readonly staleAfter: Resolved<string | null>;
  readonly fallback: Resolved<Fallback>;
  readonly lowStockThreshold: Resolved<string>;
  readonly backorder: Resolved<Backorder | null>;
  /** Protected quantities per channel (all channels; the query channel's own is not deducted). */
  readonly protections: ReadonlyMap<string, Resolved<string>>;
  readonly eligibility: { readonly ship?: Resolved<boolean>; readonly pickup?: Resolved<boolean> };
}

const DEFAULTS = {
  safetyStock: undefined,
  buffer: undefined,
  cap: null,
  includeIncoming: false,
  includeInTransit: false,
  staleAfter: null,
  fallback: { kind: 'zero' },
  lowStockThreshold: '0',
  backorder: null,
} as const;

/**
 * Resolves the effective policy for a sku at a location for a channel, field by field: for each
 * field the most specific matching rule that sets it wins (location may be omitted for network-level
 * fields such as the low-stock threshold of a group).
 * @example
 * const p = resolvePolicy(indexPolicy(set), 'SKU-1', 'store-1', 'pos');
 * p.safetyStock.source?.level; // 'sku+location'
 */
export function resolvePolicy(
  index: PolicyIndex,
  sku: string,
  location: string,
  channel: string,
): ResolvedPolicy {
  return resolveMatched(index, matchRules(index, sku, location, channel));
}

/**
 * The indices (into `index.set.rules`) of the rules that apply to a sku × location × channel, most
 * specific first. Two queries with the same matches resolve to the same policy.
 * @example
 * matchRules(indexPolicy(set), 'A', 'S1', 'pos'); // [3, 0]
 */
export function matchRules(index: PolicyIndex, sku: string, location: string, channel: string): number[] {
  const hits: number[] = [];
  for (const rank of index.ranks) {
    const hit = index.byKey.get(keyFor(rank, sku, location, channel));
    if (hit) hits.push(hit.index);
  }
  return hits;
}

/** Resolves a policy from the matching rules (most specific first), field by field. */
export function resolveMatched(index: PolicyIndex, matched: readonly number[]): ResolvedPolicy {
  const out: Record<string, Resolved<unknown>> = {};
  const protections = new Map<string, Resolved<string>>();
  const eligibility: { ship?: Resolved<boolean>; pickup?: Resolved<boolean> } = {};
  for (const i of matched) {
    const rule = index.set.rules[i]!;
    const source: RuleSource = {
      level: LEVELS[scopeRank(rule.scope)] ?? 'global',
      index: i,
      scope: rule.scope,
      ...(rule.id === undefined ? {} : { id: rule.id }),
    };
    for (const f of FIELDS) {
      if (rule[f] !== undefined && out[f] === undefined) out[f] = { value: rule[f], source };
    }
    if (rule.protections) {
      for (const [ch, qty] of Object.entries(rule.protections)) {
        if (!protections.has(ch) && qty !== undefined) protections.set(ch, { value: qty, source });
      }
    }
    if (rule.eligibility?.ship !== undefined && !eligibility.ship)
      eligibility.ship = { value: rule.eligibility.ship, source };
    if (rule.eligibility?.pickup !== undefined && !eligibility.pickup)
      eligibility.pickup = { value: rule.eligibility.pickup, source };
  }
  for (const f of FIELDS) if (out[f] === undefined) out[f] = { value: DEFAULTS[f] };
  return {
    ...(out as unknown as Omit<ResolvedPolicy, 'protections' | 'eligibility'>),
    protections,
    eligibility,
  };
}

/** A resolved policy compiled to integer minor units of one item, for one channel: the fast path's input. */
export interface CompiledPolicy {
  readonly spec: QuantitySpec;
  readonly channel: string;
  /** Sell multiple in minor units (1 when none). */
  readonly multiple: number;
  /** Absolute safety stock, or −1 when it is a percent. */
  readonly safetyAbs: number;
  /** Safety percent in percent units (×10^6), 0 when absolute. */
  readonly safetyPct: number;
  readonly bufferAbs: number;
  readonly bufferPct: number;
  /** Absolute cap, or −1 when a percent or none. */
  readonly capAbs: number;
  /** Cap percent units, or −1 when absolute or none. */
  readonly capPct: number;
  /** Σ protections of the other channels. */
  readonly protectedOther: number;
  readonly protections: readonly {
    readonly channel: string;
    readonly minor: number;
    readonly source?: RuleSource;
  }[];
  readonly includeIncoming: boolean;
  readonly includeInTransit: boolean;
  /** Milliseconds; Infinity when never stale. */
  readonly staleAfterMs: number;
  readonly fallback: 'zero' | 'lastKnown' | 'percent';
  readonly fallbackPct: number;
  readonly lowStock: number;
  /** Backorder limit, or −1 when not allowed. */
  readonly backorderLimit: number;
  readonly backorderMode: 'backorder' | 'preorder' | null;
  readonly eligibility: { readonly ship?: boolean; readonly pickup?: boolean };
  readonly resolved: ResolvedPolicy;
}

/**
 * Compiles a resolved policy for an item and the query channel: every quantity parsed exactly at the
 * item's scale. Fails with `POLICY_INVALID` (path `['policy', 'rules', i, …]`) when a quantity has more
 * decimals than the item allows.
 * @example
 * const c = compilePolicy(resolvePolicy(index, 'A', 'S1', 'pos'), item, 'pos');
 */
export function compilePolicy(p: ResolvedPolicy, item: Item, channel: string): Result<CompiledPolicy> {
  const spec = itemSpec(item);
  let error: Result<never> | undefined;
  const qty = (text: string, source: RuleSource | undefined, path: (string | number)[]): number => {
    const r = Quantity.parse(text, spec, 'nonNegative');
    if (r.ok) return r.value.minor;
    error ??= fail('POLICY_INVALID', `${r.error.message} (item ${item.sku} has scale ${spec.scale})`, {
      path: source ? ['policy', 'rules', source.index, ...path] : ['policy', ...path],
      details: { sku: item.sku, cause: r.error.code },
    });
    return 0;
  };
  const amount = (r: Resolved<Amount | null | undefined>, field: string): [number, number] => {
    const a = r.value;
    if (!a) return [-1, -1];
    if (a.kind === 'absolute') return [qty(a.qty, r.source, [field, 'qty']), -1];
    return [-1, Percent.of(a.percent).units];
  };
  const [safetyAbs, safetyPct] = amount(p.safetyStock, 'safetyStock');
  const [bufferAbs, bufferPct] = amount(p.buffer, 'buffer');
  const [capAbs, capPct] = amount(p.cap, 'cap');
  const protections = [...p.protections.entries()]
    .filter(([ch]) => ch !== channel)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([ch, r]) => ({
      channel: ch,
      minor: qty(r.value, r.source, ['protections', ch]),
      ...(r.source ? { source: r.source } : {}),
    }))
    .filter((x) => x.minor > 0);
  const fb = p.fallback.value;
  const bo = p.backorder.value;
  const stale = p.staleAfter.value;
  const compiled: CompiledPolicy = {
    spec,
    channel,
    multiple: sellMultipleOf(item).minor,
    safetyAbs: safetyAbs < 0 && safetyPct < 0 ? 0 : safetyAbs,
    safetyPct: Math.max(0, safetyPct),
    bufferAbs: bufferAbs < 0 && bufferPct < 0 ? 0 : bufferAbs,
    bufferPct: Math.max(0, bufferPct),
    capAbs,
    capPct,
    protectedOther: protections.reduce((s, x) => s + x.minor, 0),
    protections,
    includeIncoming: p.includeIncoming.value,
    includeInTransit: p.includeInTransit.value,
    staleAfterMs: stale === null ? Number.POSITIVE_INFINITY : (durationMs(stale) ?? 0),
    fallback: fb.kind,
    fallbackPct: fb.kind === 'percent' ? Percent.of(fb.percent).units : 0,
    lowStock: qty(p.lowStockThreshold.value, p.lowStockThreshold.source, ['lowStockThreshold']),
    backorderLimit: bo ? qty(bo.limit, p.backorder.source, ['backorder', 'limit']) : -1,
    backorderMode: bo ? bo.mode : null,
    eligibility: {
      ...(p.eligibility.ship ? { ship: p.eligibility.ship.value } : {}),
      ...(p.eligibility.pickup ? { pickup: p.eligibility.pickup.value } : {}),
    },
    resolved: p,
  };
  if (error) return error;
  if (compiled.safetyPct + compiled.bufferPct > 100_000_000) {
    return fail('POLICY_INVALID', 'safety stock and buffer percentages together exceed 100% of sellable', {
      path: p.buffer.source ? ['policy', 'rules', p.buffer.source.index, 'buffer'] : ['policy'],
      details: { sku: item.sku, channel },
    });
  }
  return ok(compiled);
}

/** Whether a location serves a mode under a compiled policy (the policy overrides the location). */
export function eligibleFor(
  policy: CompiledPolicy,
  location: { eligibility?: { ship: boolean; pickup: boolean } | undefined },
  mode: FulfilmentMode | undefined,
): boolean {
  if (mode === undefined) return true;
  return policy.eligibility[mode] ?? location.eligibility?.[mode] === true;
}
