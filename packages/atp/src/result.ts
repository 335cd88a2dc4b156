import { type FulfilmentMode, Quantity, type QuantitySpec } from '@omnistock/core';
import { type Explanation, type ExplanationTerm, makeExplanation } from './explanation';
import { type AvailabilityStatus, type Calc, evaluateMinor, newCalc } from './internal/kernel';
import type { PositionMinor } from './internal/position-minor';
import type { CompiledPolicy, Resolved, RuleSource } from './resolve';

/** The backorder/preorder allowance of a result. */
export interface BackorderAllowance {
  readonly mode: 'backorder' | 'preorder';
  readonly limit: Quantity;
  /** How much more than `atp` may be sold now (0 when stale, ineligible or the limit is used up). */
  readonly available: Quantity;
}

/** What a single evaluation needs to explain itself later. */
export interface EvaluationTrace {
  readonly position: PositionMinor;
  readonly policy: CompiledPolicy;
  readonly calc: Calc;
  readonly nowMs: number;
  readonly atMs: number;
  readonly lastKnown: number | undefined;
  readonly mode: FulfilmentMode | undefined;
  /** Time-phased only: dated demand due by `at`, and what look-ahead keeps back for later demand. */
  readonly extra:
    | { readonly demand: number; readonly lookahead: number; readonly lookaheadAt?: string }
    | undefined;
}

/**
 * The availability of one sku at one location for one channel. Quantities are exact; the
 * `*Minor` fields give the same figures as integer minor units for hot paths. The explanation is
 * built on first access.
 *
 * @example
 * const r = unwrap(availability(ctx, { sku: 'A', location: 'S1', channel: 'pos' }, now));
 * r.atp.toString(); // '3'
 * r.explanation.text; // 'onHand 10, damaged −1, committed −2, reserved −1, safetyStock −2 [global], … → 3'
 */
export class AvailabilityResult {
  readonly sku: string;
  readonly location: string;
  readonly channel: string;
  /** The time supply is counted up to (the query's `at`, or now). */
  readonly at: string;
  readonly status: AvailabilityStatus;
  readonly atpMinor: number;
  readonly preClampMinor: number;
  readonly promisableMinor: number;
  readonly deficitMinor: number;
  /** Position was stale at `now`: the policy's fallback was applied. */
  readonly stale: boolean;
  /** False when the location does not serve the query's fulfilment mode (atp is then 0). */
  readonly eligible: boolean;
  readonly #position: PositionMinor;
  readonly #policy: CompiledPolicy;
  readonly #nowMs: number;
  readonly #atMs: number;
  readonly #lastKnown: number | undefined;
  readonly #mode: FulfilmentMode | undefined;
  readonly #extra: EvaluationTrace['extra'];
  /** Kept only when it cannot be recomputed from the inputs (time-phased buckets). */
  readonly #calc: Calc | undefined;
  #explanation: Explanation | undefined;

  /** @internal Built by the engine; `keepCalc` for values that cannot be recomputed from the inputs. */
  constructor(trace: EvaluationTrace, at: string, channel: string, keepCalc = false) {
    const c = trace.calc;
    const p = trace.position.source;
    this.sku = p.sku;
    this.location = p.location;
    this.channel = channel;
    this.at = at;
    this.status = c.status;
    this.atpMinor = c.atp;
    this.preClampMinor = c.preClamp;
    this.promisableMinor = c.promisable;
    this.deficitMinor = c.free < 0 ? -c.free : 0;
    this.stale = c.stale;
    this.eligible = c.eligible;
    this.#position = trace.position;
    this.#policy = trace.policy;
    this.#nowMs = trace.nowMs;
    this.#atMs = trace.atMs;
    this.#lastKnown = trace.lastKnown;
    this.#mode = trace.mode;
    this.#extra = trace.extra;
    this.#calc = keepCalc ? c : undefined;
  }

  /** The item's unit and scale. */
  get spec(): QuantitySpec {
    return this.#policy.spec;
  }
  /** `free < 0`: more is committed and reserved than is sellable. Reported, never hidden. */
  get oversold(): boolean {
    return this.deficitMinor > 0;
  }
  /** The fallback applied because the position is stale, or null when fresh. */
  get fallback(): 'zero' | 'lastKnown' | 'percent' | null {
    return this.stale ? this.#policy.fallback : null;
  }
  /** When the position was last reported (null: never). */
  get asOf(): string | null {
    return this.#position.source.asOf;
  }
  /** Available to promise: never negative. */
  get atp(): Quantity {
    return Quantity.fromMinor(this.atpMinor, this.spec);
  }
  /** The value the explanation's terms add up to (after cap and rounding, before the clamp at 0). */
  get preClamp(): Quantity {
    return Quantity.fromMinor(this.preClampMinor, this.spec);
  }
  /** `atp` plus the backorder/preorder allowance still open. */
  get promisable(): Quantity {
    return Quantity.fromMinor(this.promisableMinor, this.spec);
  }
  /** How far the position is oversold (0 when it is not). */
  get deficit(): Quantity {
    return Quantity.fromMinor(this.deficitMinor, this.spec);
  }
  /** The backorder/preorder allowance, or null when the channel does not sell below zero. */
  get backorder(): BackorderAllowance | null {
    const c = this.#policy;
    if (c.backorderMode === null) return null;
    return {
      mode: c.backorderMode,
      limit: Quantity.fromMinor(c.backorderLimit, this.spec),
      available: Quantity.fromMinor(this.promisableMinor - this.atpMinor, this.spec),
    };
  }
  /** The ordered terms that produced this result (built on first access). */
  get explanation(): Explanation {
    if (this.#explanation === undefined) {
      const eligible = this.eligible;
      const calc =
        this.#calc ??
        evaluateMinor(
          this.#position,
          this.#policy,
          this.#nowMs,
          this.#atMs,
          eligible,
          this.#lastKnown,
          newCalc(),
        );
      this.#explanation = explainEvaluation({
        position: this.#position,
        policy: this.#policy,
        calc,
        nowMs: this.#nowMs,
        atMs: this.#atMs,
        lastKnown: this.#lastKnown,
        mode: this.#mode,
        extra: this.#extra,
      });
    }
    return this.#explanation;
  }
}

function src<T>(r: Resolved<T>): Pick<ExplanationTerm, 'scope' | 'rule'> {
  return sourceFields(r.source);
}
function sourceFields(s: RuleSource | undefined): Pick<ExplanationTerm, 'scope' | 'rule'> {
  if (!s) return {};
  return s.id === undefined ? { scope: s.level } : { scope: s.level, rule: s.id };
}

function pct(units: number): string {
  return Quantity.fromMinor(units, { unit: 'each', scale: 6 }).toString();
}

/** Rebuilds the ordered terms of an evaluation. Their sum is `calc.preClamp`. */
export function explainEvaluation(t: EvaluationTrace): Explanation {
  const { position: p, policy: c, calc } = t;
  const r = c.resolved;
  const q = (m: number) => Quantity.fromMinor(m, c.spec).toString();
  const terms: Omit<ExplanationTerm, 'qty'>[] = [];
  const minor: number[] = [];
  const add = (m: number, term: Omit<ExplanationTerm, 'qty'>, always = false) => {
    if (m === 0 && !always) return;
    terms.push(term);
    minor.push(m);
  };
  add(p.onHand, { kind: 'bucket', label: 'onHand' }, true);
  add(-p.damaged, { kind: 'bucket', label: 'damaged' });
  add(-p.qualityControl, { kind: 'bucket', label: 'qualityControl' });
  add(-p.committed, { kind: 'bucket', label: 'committed' });
  add(-p.reserved, { kind: 'bucket', label: 'reserved' });
  const lots = (list: PositionMinor['incoming']) =>
    list
      .filter((l) => l.etaMs <= t.atMs)
      .map((l) => l.id)
      .join(', ');
  add(calc.incoming, {
    kind: 'supply',
    label: 'incoming',
    ...src(r.includeIncoming),
    detail: lots(p.incoming),
  });
  add(calc.inTransit, {
    kind: 'supply',
    label: 'inTransit',
    ...src(r.includeInTransit),
    detail: lots(p.inTransit),
  });
  if (t.extra) {
    add(-t.extra.demand, { kind: 'demand', label: 'demand' });
    add(-t.extra.lookahead, {
      kind: 'demand',
      label: 'lookahead',
      ...(t.extra.lookaheadAt ? { detail: `kept for demand due by ${t.extra.lookaheadAt}` } : {}),
    });
  }
  const base = Math.max(0, calc.sellable);
  add(-calc.safety, {
    kind: 'policy',
    label: 'safetyStock',
    ...src(r.safetyStock),
    ...(c.safetyAbs < 0 ? { detail: `${pct(c.safetyPct)}% of sellable ${q(base)}, rounded up` } : {}),
  });
  for (const pr of c.protections) {
    add(-pr.minor, { kind: 'policy', label: `protected(${pr.channel})`, ...sourceFields(pr.source) });
  }
  add(-calc.buffer, {
    kind: 'policy',
    label: `buffer(${c.channel})`,
    ...src(r.buffer),
    ...(c.bufferAbs < 0
      ? {
          detail:
            c.safetyAbs < 0 && c.safetyPct > 0
              ? `${pct(c.bufferPct)}% of sellable ${q(base)}, rounded up jointly with safety stock`
              : `${pct(c.bufferPct)}% of sellable ${q(base)}, rounded up`,
        }
      : {}),
  });
  add(-calc.capCut, {
    kind: 'cap',
    label: `cap(${c.channel})`,
    ...src(r.cap),
    detail:
      c.capPct >= 0
        ? `capped at ${pct(c.capPct)}% of sellable ${q(base)} = ${q(calc.cap)}`
        : `capped at ${q(calc.cap)}`,
  });
  add(-calc.roundCut, {
    kind: 'rounding',
    label: 'rounding',
    detail: `down to a multiple of ${q(c.multiple)}`,
  });
  const steps: Parameters<typeof makeExplanation>[3][number][] = [];
  if (calc.preClamp < 0) steps.push({ kind: 'clamp', label: 'clamp', from: calc.preClamp, to: 0 });
  if (calc.stale) {
    const detail =
      c.fallback === 'percent'
        ? `${pct(c.fallbackPct)}% of ${q(calc.clamped)}, rounded down`
        : c.fallback === 'lastKnown'
          ? t.lastKnown === undefined
            ? 'no last-known value supplied: the ATP as of asOf'
            : `last known ${q(t.lastKnown)}`
          : undefined;
    steps.push({
      kind: 'stale',
      label: `stale(${c.fallback})`,
      from: calc.clamped,
      to: calc.afterStale,
      ...(detail === undefined ? {} : { detail }),
    });
  }
  if (!calc.eligible) {
    steps.push({ kind: 'ineligible', label: `ineligible(${t.mode})`, from: calc.afterStale, to: 0 });
  }
  if (c.backorderMode !== null && calc.promisable > calc.atp) {
    steps.push({
      kind: 'backorder',
      label: `promisable with ${c.backorderMode}`,
      from: calc.atp,
      to: calc.promisable,
      detail: `limit ${q(c.backorderLimit)}`,
    });
  }
  return makeExplanation(c.spec, terms, minor, steps, calc.atp);
}
