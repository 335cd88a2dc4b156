import type { CompiledPolicy } from '../resolve';
import { floorTo, percentDown, percentUp } from './arith';
import { type PositionMinor, sellableMinor } from './position-minor';

/** Availability status of DESIGN §4.6. */
export type AvailabilityStatus = 'inStock' | 'lowStock' | 'outOfStock';

/** Every intermediate figure of one evaluation, in minor units. */
export interface Calc {
  sellable: number;
  free: number;
  incoming: number;
  inTransit: number;
  safety: number;
  protectedOther: number;
  buffer: number;
  raw: number;
  /** The cap in force, or −1 when there is none. */
  cap: number;
  capCut: number;
  roundCut: number;
  /** After cap and rounding, before the clamp at zero: what the terms add up to. */
  preClamp: number;
  clamped: number;
  stale: boolean;
  /** The value after the staleness fallback (equals clamped when fresh). */
  afterStale: number;
  eligible: boolean;
  atp: number;
  promisable: number;
  status: AvailabilityStatus;
}

/** Σ lots due by `atMs`. */
function due(lots: PositionMinor['incoming'], atMs: number): number {
  let s = 0;
  for (let i = 0; i < lots.length; i++) {
    const l = lots[i]!;
    if (l.etaMs <= atMs) s += l.minor;
  }
  return s;
}

/** The percent part of the safety stock, ⌈a·s⌉ of `base` = max(0, sellable) (0 when absolute). */
function safetyPctPart(base: number, c: CompiledPolicy): number {
  return c.safetyAbs < 0 ? percentUp(base, c.safetyPct) : 0;
}

/** The buffer: absolute, or ⌈(a+b)·s⌉ − ⌈a·s⌉ given the safety stock's percent part. */
function bufferOf(base: number, c: CompiledPolicy, safetyPct: number): number {
  return c.bufferAbs >= 0 ? c.bufferAbs : percentUp(base, c.safetyPct + c.bufferPct) - safetyPct;
}

/** The cap in force (a percent of sellable rounds down), or −1 when there is none. */
function capOf(base: number, c: CompiledPolicy): number {
  return c.capAbs >= 0 ? c.capAbs : c.capPct >= 0 ? percentDown(base, c.capPct) : -1;
}

/**
 * The deductions that do not depend on time: safety stock, protections and buffer. Percent
 * deductions of sellable are rounded up once, jointly: safety = ⌈a·s⌉ and a percent buffer
 * = ⌈(a+b)·s⌉ − ⌈a·s⌉ (just ⌈b·s⌉ when the safety stock is absolute). This keeps ATP monotone.
 */
export function deductions(sellable: number, c: CompiledPolicy, out: Calc): void {
  const base = Math.max(sellable, 0);
  const sp = safetyPctPart(base, c);
  out.safety = c.safetyAbs < 0 ? sp : c.safetyAbs;
  out.buffer = bufferOf(base, c, sp);
  out.protectedOther = c.protectedOther;
  out.cap = capOf(base, c);
}

/** Cap, rounding to the sell multiple, clamp, staleness, eligibility, backorder and status. */
export function finish(
  raw: number,
  c: CompiledPolicy,
  stale: boolean,
  eligible: boolean,
  lastKnown: number | undefined,
  out: Calc,
): void {
  finishCapped(raw, out.cap, c, stale, eligible, lastKnown, out);
}

/**
 * {@link finish} with the cap in force passed in (−1: none). The rare branches (stale fallback,
 * backorder) are separate functions so that this one stays small enough to inline into the hot path.
 */
function finishCapped(
  raw: number,
  cap: number,
  c: CompiledPolicy,
  stale: boolean,
  eligible: boolean,
  lastKnown: number | undefined,
  out: Calc,
): void {
  const capped = cap >= 0 && raw > cap ? cap : raw;
  const rounded = floorTo(capped, c.multiple);
  const clamped = Math.max(rounded, 0);
  const v = stale ? fallbackValue(clamped, c, lastKnown) : clamped;
  const atp = eligible ? v : 0;
  out.raw = raw;
  out.cap = cap;
  out.capCut = raw - capped;
  out.roundCut = capped - rounded;
  out.preClamp = rounded;
  out.clamped = clamped;
  out.stale = stale;
  out.afterStale = v;
  out.eligible = eligible;
  out.atp = atp;
  out.promisable = promisableOf(rounded, atp, c, stale, eligible);
  out.status = statusOf(atp, c);
}

/** DESIGN §4.6: `outOfStock` at 0, `lowStock` up to the threshold, else `inStock`. */
export function statusOf(atp: number, c: CompiledPolicy): AvailabilityStatus {
  return atp <= 0 ? 'outOfStock' : atp <= c.lowStock ? 'lowStock' : 'inStock';
}

/** What may be promised: atp, or with a backorder/preorder limit (fresh, eligible) ⌊preClamp + limit⌋. */
export function promisableOf(
  preClamp: number,
  atp: number,
  c: CompiledPolicy,
  stale: boolean,
  eligible: boolean,
): number {
  return c.backorderLimit >= 0 && eligible && !stale ? promisableWith(preClamp, atp, c) : atp;
}

/** The staleness fallback applied to the clamped ATP. */
function fallbackValue(clamped: number, c: CompiledPolicy, lastKnown: number | undefined): number {
  if (c.fallback === 'zero') return 0;
  if (c.fallback === 'percent') return floorTo(percentDown(clamped, c.fallbackPct), c.multiple);
  if (lastKnown !== undefined) return lastKnown > 0 ? floorTo(lastKnown, c.multiple) : 0;
  return clamped;
}

/** What may be promised with a backorder/preorder limit: ⌊preClamp + limit⌋, never below atp. */
function promisableWith(rounded: number, atp: number, c: CompiledPolicy): number {
  const p = floorTo(rounded + c.backorderLimit, c.multiple);
  return Math.max(p, atp);
}

/** A fresh, zeroed calc record. */
export function newCalc(): Calc {
  return {
    sellable: 0,
    free: 0,
    incoming: 0,
    inTransit: 0,
    safety: 0,
    protectedOther: 0,
    buffer: 0,
    raw: 0,
    cap: -1,
    capCut: 0,
    roundCut: 0,
    preClamp: 0,
    clamped: 0,
    stale: false,
    afterStale: 0,
    eligible: true,
    atp: 0,
    promisable: 0,
    status: 'outOfStock',
  };
}

/** Whether a position is stale at `nowMs` under a policy. */
export function isStale(p: PositionMinor, c: CompiledPolicy, nowMs: number): boolean {
  return c.staleAfterMs !== Number.POSITIVE_INFINITY && !(nowMs - p.asOfMs <= c.staleAfterMs);
}

/** The whole single-location evaluation of DESIGN §4, on integers. */
export function evaluateMinor(
  p: PositionMinor,
  c: CompiledPolicy,
  nowMs: number,
  atMs: number,
  eligible: boolean,
  lastKnown: number | undefined,
  out: Calc,
): Calc {
  return evaluateStale(p, c, isStale(p, c, nowMs), atMs, eligible, lastKnown, out);
}

/** {@link evaluateMinor} with staleness already decided (a result re-deriving its explanation). */
export function evaluateStale(
  p: PositionMinor,
  c: CompiledPolicy,
  stale: boolean,
  atMs: number,
  eligible: boolean,
  lastKnown: number | undefined,
  out: Calc,
): Calc {
  // the same figures as deductions() + finish(), in locals: written to `out` once, never read back
  const sellable = sellableMinor(p);
  const free = sellable - p.committed - p.reserved;
  const incoming = c.includeIncoming ? due(p.incoming, atMs) : 0;
  const inTransit = c.includeInTransit ? due(p.inTransit, atMs) : 0;
  const base = Math.max(sellable, 0);
  const sp = safetyPctPart(base, c);
  const safety = c.safetyAbs < 0 ? sp : c.safetyAbs;
  const buffer = bufferOf(base, c, sp);
  out.sellable = sellable;
  out.free = free;
  out.incoming = incoming;
  out.inTransit = inTransit;
  out.safety = safety;
  out.protectedOther = c.protectedOther;
  out.buffer = buffer;
  const raw = free + incoming + inTransit - safety - c.protectedOther - buffer;
  finishCapped(raw, capOf(base, c), c, stale, eligible, lastKnown, out);
  return out;
}
