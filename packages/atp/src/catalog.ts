import { fail, type Item, type Location, type LocationGroup, ok, type Result } from '@omnistock/core';
import { type ChannelPolicySetInput, parsePolicySet } from './policy';
import { type CompiledPolicy, indexPolicy, type PolicyIndex } from './resolve';

/**
 * Channels whose compiled policies one catalog keeps. A policy for a channel beyond this many is
 * compiled on every use (same result, not kept), so arbitrary channel names cannot grow memory.
 */
export const MAX_COMPILED_CHANNELS = 256;

/** @internal Compiled policies: channel → item → location (or '' when no rule names it). */
export type CompiledPolicies = Map<string, Map<Item, Map<string, Result<CompiledPolicy>>>>;

/** What does not change from one snapshot of positions to the next: the master data and policy. */
export interface AtpCatalogInput {
  readonly items: Iterable<Item>;
  readonly locations: Iterable<Location>;
  readonly groups?: Iterable<LocationGroup>;
  /** Validated here: a plain JSON policy set is fine. */
  readonly policy: ChannelPolicySetInput;
}

/**
 * A validated, indexed catalog: items, locations and groups by id and the policy set indexed by
 * scope. Build it once with {@link createAtpCatalog}; every context built from it with
 * `createAtpContextFrom` shares it, including the policies it compiles per channel × item ×
 * location (on first use, at most {@link MAX_COMPILED_CHANNELS} channels), so a new snapshot of
 * positions costs no policy validation or compilation.
 */
export interface AtpCatalog {
  readonly items: ReadonlyMap<string, Item>;
  readonly locations: ReadonlyMap<string, Location>;
  readonly groups: ReadonlyMap<string, LocationGroup>;
  readonly policy: PolicyIndex;
  /** @internal shared by every context of the catalog. */
  readonly compiled: CompiledPolicies;
}

/**
 * Validates and indexes the positions-independent part of an ATP input. Fails with
 * `POLICY_INVALID` (path `['policy', …]`) or `LOCATION_UNKNOWN` (a group naming an unknown
 * location), like {@link createAtpContext}.
 * @example
 * const catalog = unwrap(createAtpCatalog({ items: [item], locations: [store], policy: { rules: [] } }));
 * const ctx = unwrap(createAtpContextFrom(catalog, { positions: [pos] }));
 */
export function createAtpCatalog(input: AtpCatalogInput): Result<AtpCatalog> {
  const policy = parsePolicySet(input.policy);
  if (!policy.ok)
    return { ok: false, error: { ...policy.error, path: ['policy', ...(policy.error.path ?? [])] } };
  const items = new Map<string, Item>();
  for (const item of input.items) items.set(item.sku, item);
  const locations = new Map<string, Location>();
  for (const l of input.locations) locations.set(l.id, l);
  const groups = new Map<string, LocationGroup>();
  for (const g of input.groups ?? []) {
    for (const [i, l] of g.locations.entries()) {
      if (!locations.has(l))
        return fail('LOCATION_UNKNOWN', `group ${g.id} names unknown location ${l}`, {
          path: ['groups', g.id, 'locations', i],
          details: { group: g.id, location: l },
        });
    }
    groups.set(g.id, g);
  }
  return ok({ items, locations, groups, policy: indexPolicy(policy.value), compiled: new Map() });
}
