import type { CompiledPolicy } from '../resolve';
import { floorTo, mulDiv, PERCENT_WHOLE } from './arith';
import type { PositionMinor } from './position-minor';

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

/**
 * The deductions that do not depend on time: safety stock, protections and buffer. Percent
 * deductions of sellable are rounded up once, jointly: safety = ⌈a·s⌉ and a percent buffer
 * = ⌈(a+b)·s⌉ − ⌈a·s⌉ (just ⌈b·s⌉ when the safety stock is absolute). This keeps ATP monotone.
 */
export function deductions(sellable: number, c: CompiledPolicy, out: Calc): void {
  const base = Math.max(sellable, 0);
  const safetyPctPart = c.safetyAbs < 0 ? mulDiv(base, c.safetyPct, PERCENT_WHOLE, true) : 0;
  out.safety = c.safetyAbs < 0 ? safetyPctPart : c.safetyAbs;
  out.buffer =
    c.bufferAbs >= 0
      ? c.bufferAbs
      : mulDiv(base, c.safetyPct + c.bufferPct, PERCENT_WHOLE, true) - safetyPctPart;
  out.protectedOther = c.protectedOther;
  out.cap = c.capAbs >= 0 ? c.capAbs : c.capPct >= 0 ? mulDiv(base, c.capPct, PERCENT_WHOLE, false) : -1;
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
  out.raw = raw;
  const capped = out.cap >= 0 && raw > out.cap ? out.cap : raw;
  out.capCut = raw - capped;
  const rounded = floorTo(capped, c.multiple);
  out.roundCut = capped - rounded;
  out.preClamp = rounded;
  const clamped = Math.max(rounded, 0);
  out.clamped = clamped;
  out.stale = stale;
  let v = clamped;
  if (stale) {
    if (c.fallback === 'zero') v = 0;
    else if (c.fallback === 'percent')
      v = floorTo(mulDiv(clamped, c.fallbackPct, PERCENT_WHOLE, false), c.multiple);
    else if (lastKnown !== undefined) v = lastKnown > 0 ? floorTo(lastKnown, c.multiple) : 0;
  }
  out.afterStale = v;
  out.eligible = eligible;
  const atp = eligible ? v : 0;
  out.atp = atp;
  if (c.backorderLimit >= 0 && eligible && !stale) {
    const p = floorTo(rounded + c.backorderLimit, c.multiple);
    out.promisable = Math.max(p, atp);
  } else out.promisable = atp;
  out.status = atp <= 0 ? 'outOfStock' : atp <= c.lowStock ? 'lowStock' : 'inStock';
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
  const sellable = p.onHand - p.damaged - p.qualityControl;
  const free = sellable - p.committed - p.reserved;
  out.sellable = sellable;
  out.free = free;
  out.incoming = c.includeIncoming ? due(p.incoming, atMs) : 0;
  out.inTransit = c.includeInTransit ? due(p.inTransit, atMs) : 0;
  deductions(sellable, c, out);
  const raw = free + out.incoming + out.inTransit - out.safety - out.protectedOther - out.buffer;
  finish(raw, c, isStale(p, c, nowMs), eligible, lastKnown, out);
  return out;
}
