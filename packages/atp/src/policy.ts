import {
  ChannelIdSchema,
  coded,
  LocationIdSchema,
  NonNegativeDecimalSchema,
  PercentSchema,
  type Result,
  SkuSchema,
  safeParse,
} from '@omnistock/core';
import { z } from 'zod';
import { durationMs } from './internal/duration';

/**
 * A deduction or limit: an absolute quantity (at the item's scale) or a percent of the location's
 * sellable stock (`onHand − max(damaged, 0) − max(qualityControl, 0)`: a negative subset counts as 0).
 * @example
 * AmountSchema.parse({ kind: 'percent', percent: '10' });
 */
export const AmountSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('absolute'), qty: NonNegativeDecimalSchema }),
    z.strictObject({ kind: z.literal('percent'), percent: PercentSchema }),
  ])
  .meta({ id: 'PolicyAmount', description: 'An absolute quantity or a percent of sellable stock.' });
/** @see AmountSchema */
export type Amount = z.infer<typeof AmountSchema>;

/**
 * What a stale position shows: nothing, the last known ATP, or a percent of the computed ATP.
 * @example
 * FallbackSchema.parse({ kind: 'percent', percent: '50' });
 */
export const FallbackSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('zero') }),
    z.strictObject({ kind: z.literal('lastKnown') }),
    z.strictObject({ kind: z.literal('percent'), percent: PercentSchema }),
  ])
  .meta({ id: 'StaleFallback', description: 'How availability is shown when the position is stale.' });
/** @see FallbackSchema */
export type Fallback = z.infer<typeof FallbackSchema>;

/**
 * Selling below zero: `backorder` (sell now, ship later) or `preorder` (sell ahead of supply).
 * @example
 * BackorderSchema.parse({ mode: 'preorder', limit: '20' });
 */
export const BackorderSchema = z
  .strictObject({ mode: z.enum(['backorder', 'preorder']), limit: NonNegativeDecimalSchema })
  .meta({ id: 'BackorderPolicy', description: 'Selling below zero, up to a limit.' });
/** @see BackorderSchema */
export type Backorder = z.infer<typeof BackorderSchema>;

/**
 * An ISO 8601 duration in days, hours, minutes, seconds: `PT15M`, `P1D`, `PT1H30M`.
 * @example
 * DurationSchema.parse('PT15M');
 */
export const DurationSchema = z
  .string()
  .refine((s) => durationMs(s) !== undefined, {
    error: coded('POLICY_INVALID', 'must be an ISO 8601 duration such as PT15M, PT1H or P1D'),
  })
  .meta({ description: 'An ISO 8601 duration (days, hours, minutes, seconds).', examples: ['PT15M'] });

/**
 * The scope a rule applies to; `{}` is the global default. Every field present must match.
 * @example
 * ScopeSchema.parse({ sku: 'TEE-M', channel: 'marketplace' });
 */
export const ScopeSchema = z
  .strictObject({
    sku: SkuSchema.optional(),
    location: LocationIdSchema.optional(),
    channel: ChannelIdSchema.optional(),
  })
  .meta({ id: 'PolicyScope', description: 'Which sku, location and channel a rule applies to.' });
/** @see ScopeSchema */
export type Scope = z.infer<typeof ScopeSchema>;

/**
 * The fields a policy rule may set. Every field is optional: a rule sets only what it changes and
 * the rest comes from less specific rules (per-field precedence).
 * @example
 * PolicyFieldsSchema.parse({ buffer: { kind: 'absolute', qty: '1' }, includeIncoming: true });
 */
export const PolicyFieldsSchema = z.strictObject({
  /** Kept back at the location. Percent of sellable rounds **up** to the item's scale. */
  safetyStock: AmountSchema.optional(),
  /** Quantities protected for channels: a query for channel C deducts those of every other channel. */
  protections: z.record(ChannelIdSchema, NonNegativeDecimalSchema).optional(),
  /** The channel's own buffer. Percent of sellable rounds up (jointly with a percent safety stock). */
  buffer: AmountSchema.optional(),
  /** Allocation cap for the channel: absolute, or percent of sellable rounded down; `null` = none. */
  cap: AmountSchema.nullable().optional(),
  /** Count purchase-order lots due by the query time. Default false. */
  includeIncoming: z.boolean().optional(),
  /** Count transfers under way due by the query time. Default false. */
  includeInTransit: z.boolean().optional(),
  /** A position older than this is stale; `null` = never stale (the default). */
  staleAfter: DurationSchema.nullable().optional(),
  /** What a stale position shows. Default `{ kind: 'zero' }`. */
  fallback: FallbackSchema.optional(),
  /** `lowStock` when 0 < atp ≤ this. Default 0. */
  lowStockThreshold: NonNegativeDecimalSchema.optional(),
  /** Selling below zero up to a limit; `null` = not allowed (the default). */
  backorder: BackorderSchema.nullable().optional(),
  /** Overrides the location's own eligibility per fulfilment mode. */
  eligibility: z.strictObject({ ship: z.boolean().optional(), pickup: z.boolean().optional() }).optional(),
});
/** @see PolicyFieldsSchema */
export type PolicyFields = z.infer<typeof PolicyFieldsSchema>;

/**
 * One scoped rule: a scope, an optional id (shown in explanations) and the fields it sets.
 * @example
 * PolicyRuleSchema.parse({ id: 'mkt', scope: { channel: 'marketplace' }, cap: { kind: 'percent', percent: '30' } });
 */
export const PolicyRuleSchema = PolicyFieldsSchema.extend({
  id: z.string().min(1).max(128).optional(),
  scope: ScopeSchema,
}).meta({ id: 'PolicyRule', description: 'A scoped policy rule.' });
/** @see PolicyRuleSchema */
export type PolicyRule = z.infer<typeof PolicyRuleSchema>;

/**
 * A set of scoped rules. For each field, the most specific matching rule that sets it wins:
 * sku+location > sku > location > channel default > global default, and at the same level a rule
 * naming the channel beats one that does not. Two rules with the same scope are a `POLICY_INVALID`
 * error, so the order of rules never matters.
 * @example
 * ChannelPolicySetSchema.parse({ rules: [{ scope: {}, safetyStock: { kind: 'absolute', qty: '2' } }] });
 */
export const ChannelPolicySetSchema = z
  .strictObject({ rules: z.array(PolicyRuleSchema) })
  .superRefine((set, ctx) => {
    const seen = new Map<string, number>();
    set.rules.forEach((rule, i) => {
      const key = scopeKey(rule.scope);
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'scope'],
          message: coded('POLICY_INVALID', `same scope as rules[${first}]: merge the two rules`),
        });
      } else seen.set(key, i);
    });
  })
  .meta({ id: 'ChannelPolicySet', description: 'Scoped ATP policy rules, merged per field.' });
/** @see ChannelPolicySetSchema (validated: ids are branded) */
export type ChannelPolicySet = z.infer<typeof ChannelPolicySetSchema>;
/** A policy set as written by hand or read from JSON, before validation (plain-string ids). */
export type ChannelPolicySetInput = z.input<typeof ChannelPolicySetSchema>;

/**
 * The canonical key of a scope (`sku|location|channel`, empty where absent).
 * @example
 * scopeKey({ sku: asId('A'), channel: asId('pos') }); // 'A||pos'
 */
export function scopeKey(scope: {
  sku?: string | undefined;
  location?: string | undefined;
  channel?: string | undefined;
}): string {
  return `${scope.sku ?? ''}|${scope.location ?? ''}|${scope.channel ?? ''}`;
}

/**
 * Validates a policy set. Never throws; errors carry `POLICY_INVALID` (or a quantity code) and a path.
 * @example
 * const r = parsePolicySet({ rules: [{ scope: {}, safetyStock: { kind: 'absolute', qty: '2' } }] });
 * if (r.ok) r.value.rules.length; // 1
 */
export function parsePolicySet(input: unknown): Result<ChannelPolicySet> {
  const r = safeParse(ChannelPolicySetSchema, input, 'policy');
  if (r.ok) return r;
  return r.error.code === 'VALIDATION_FAILED'
    ? { ok: false, error: { ...r.error, code: 'POLICY_INVALID' } }
    : r;
}
