import { type FulfilmentMode, Quantity, type QuantitySpec } from '@omnistock/core';
import { type Explanation, type ExplanationTerm, makeExplanation } from './explanation';
import {
  type AvailabilityStatus,
  type Calc,
  evaluateStale,
  newCalc,
  promisableOf,
  statusOf,
} from './internal/kernel';
import { type PositionMinor, sellableMinor } from './internal/position-minor';
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
  readonly atMs: number;
  readonly lastKnown: number | undefined;
  readonly mode: FulfilmentMode | undefined;
  /** Time-phased only: dated demand due by `at`, and what look-ahead keeps back for later demand. */
  readonly extra: PhaseExtra | undefined;
}

/** Time-phased only: dated demand due by `at`, and what look-ahead keeps back for later demand. */
export interface PhaseExtra {
  readonly demand: number;
  readonly lookahead: number;
  readonly lookaheadAt?: string;
}

/**
 * A time-phased bucket's figures, kept because they cannot be recomputed from the position alone
 * (look-ahead over dated demand).
 */
export interface Phase {
  readonly calc: Calc;
  readonly atMs: number;
  readonly extra: PhaseExtra;
}

/**
 * @internal What results of one query share: built once per batch (per item policy), per prepared
 * handle and clock, or per single query, so that a result is one small object.
 */
export interface ResultEnv {
  readonly policy: CompiledPolicy;
  readonly channel: string;
  /** The time supply is counted up to (the query's `at`, or now). */
  readonly at: string;
  readonly mode: FulfilmentMode | undefined;
  readonly lastKnown: number | undefined;
  readonly phase: Phase | undefined;
}

/** @internal Builds a {@link ResultEnv}. */
export function resultEnv(
  policy: CompiledPolicy,
  channel: string,
  at: string,
  mode: FulfilmentMode | undefined,
  lastKnown: number | undefined,
  phase?: Phase,
): ResultEnv {
  return { policy, channel, at, mode, lastKnown, phase };
}

const STALE = 1;
const ELIGIBLE = 2;

/**
 * The availability of one sku at one location for one channel. Quantities are exact; the
 * `*Minor` fields give the same figures as integer minor units for hot paths.
 *
 * A result is one small object: every field is an accessor over the evaluation's integers and what
 * the query shares, and the `Quantity` fields and the explanation are built on access. So the
 * fields are not own enumerable properties: use {@link availabilityToJson} for a plain object
 * (`JSON.stringify` gives the `*Minor` figures and flags through `toJSON`).
 *
 * @example
 * const r = unwrap(availability(ctx, { sku: 'A', location: 'S1', channel: 'pos' }, now));
 * r.atp.toString(); // '3'
 * r.explanation.text; // 'onHand 10, damaged −1, committed −2, reserved −1, safetyStock −2 [global], … → 3'
 */
export class AvailabilityResult {
  readonly #position: PositionMinor;
  readonly #env: ResultEnv;
  readonly #atp: number;
  readonly #preClamp: number;
  /** STALE | ELIGIBLE; status and promisable follow from these, the figures and the policy. */
  readonly #bits: number;
  #explanation: Explanation | undefined;

  /**
   * @internal Built by the engine from an evaluation: `calc` is read here, not kept (it may be a
   * reused scratch record).
   */
  constructor(position: PositionMinor, env: ResultEnv, calc: Calc) {
    this.#position = position;
    this.#env = env;
    this.#atp = calc.atp;
    this.#preClamp = calc.preClamp;
    this.#bits = (calc.stale ? STALE : 0) | (calc.eligible ? ELIGIBLE : 0);
    this.#explanation = undefined;
  }

  get sku(): string {
    return this.#position.source.sku;
  }
  get location(): string {
    return this.#position.source.location;
  }
  get channel(): string {
    return this.#env.channel;
  }
  /** The time supply is counted up to (the query's `at`, or now). */
  get at(): string {
    return this.#env.at;
  }
  get status(): AvailabilityStatus {
    return statusOf(this.atpMinor, this.#env.policy);
  }
  get atpMinor(): number {
    return this.#atp;
  }
  get preClampMinor(): number {
    return this.#preClamp;
  }
  get promisableMinor(): number {
    return promisableOf(this.#preClamp, this.atpMinor, this.#env.policy, this.stale, this.eligible);
  }
  get deficitMinor(): number {
    const p = this.#position;
    const free = sellableMinor(p) - p.committed - p.reserved;
    return free < 0 ? -free : 0;
  }
  /** Position was stale at `now`: the policy's fallback was applied. */
  get stale(): boolean {
    return (this.#bits & STALE) !== 0;
  }
  /** False when the location does not serve the query's fulfilment mode (atp is then 0). */
  get eligible(): boolean {
    return (this.#bits & ELIGIBLE) !== 0;
  }
  /** The item's unit and scale. */
  get spec(): QuantitySpec {
    return this.#env.policy.spec;
  }
  /** `free < 0`: more is committed and reserved than is sellable. Reported, never hidden. */
  get oversold(): boolean {
    return this.deficitMinor > 0;
  }
  /** The fallback applied because the position is stale, or null when fresh. */
  get fallback(): 'zero' | 'lastKnown' | 'percent' | null {
    return this.stale ? this.#env.policy.fallback : null;
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
    return Quantity.fromMinor(this.#preClamp, this.spec);
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
    const c = this.#env.policy;
    if (c.backorderMode === null) return null;
    return {
      mode: c.backorderMode,
      limit: Quantity.fromMinor(c.backorderLimit, this.spec),
      available: Quantity.fromMinor(this.promisableMinor - this.atpMinor, this.spec),
    };
  }
  /** The ordered terms that produced this result (built on first access). */
  get explanation(): Explanation {
    let e = this.#explanation;
    if (e === undefined) {
      const env = this.#env;
      const phase = env.phase;
      // every engine path evaluates supply up to Date.parse(at); staleness is the recorded flag
      const atMs = phase ? phase.atMs : Date.parse(env.at);
      const calc =
        phase?.calc ??
        evaluateStale(this.#position, env.policy, this.stale, atMs, this.eligible, env.lastKnown, newCalc());
      e = explainEvaluation({
        position: this.#position,
        policy: env.policy,
        calc,
        atMs,
        lastKnown: env.lastKnown,
        mode: env.mode,
        extra: phase?.extra,
      });
      this.#explanation = e;
    }
    return e;
  }
  /**
   * The figures and flags as a plain object (what `JSON.stringify` shows); the wire form with
   * decimal strings and the explanation is {@link availabilityToJson}.
   */
  toJSON(): AvailabilityResultFields {
    return {
      sku: this.sku,
      location: this.location,
      channel: this.channel,
      at: this.at,
      status: this.status,
      atpMinor: this.atpMinor,
      preClampMinor: this.preClampMinor,
      promisableMinor: this.promisableMinor,
      deficitMinor: this.deficitMinor,
      stale: this.stale,
      eligible: this.eligible,
    };
  }
}

/** The plain figures and flags of an {@link AvailabilityResult} (its `toJSON`). */
export interface AvailabilityResultFields {
  readonly sku: string;
  readonly location: string;
  readonly channel: string;
  readonly at: string;
  readonly status: AvailabilityStatus;
  readonly atpMinor: number;
  readonly preClampMinor: number;
  readonly promisableMinor: number;
  readonly deficitMinor: number;
  readonly stale: boolean;
  readonly eligible: boolean;
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
  // a negative unsellable subset is an exception: it counts as 0 towards sellable, and says so
  const unsellable = (m: number, label: string) => {
    if (m >= 0) add(-m, { kind: 'bucket', label });
    else add(0, { kind: 'bucket', label, detail: `recorded −${q(-m)}, an exception: counts as 0` }, true);
  };
  add(p.onHand, { kind: 'bucket', label: 'onHand' }, true);
  unsellable(p.damaged, 'damaged');
  unsellable(p.qualityControl, 'qualityControl');
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
