import { Quantity, type QuantitySpec } from '@omnistock/core';
import type { ScopeLevel } from './resolve';

/** What produced a term: a stock bucket, dated supply, dated demand, a policy rule, the cap or rounding. */
export type TermKind = 'bucket' | 'supply' | 'demand' | 'policy' | 'cap' | 'rounding' | 'location';

/** One signed term of an explanation. The terms of an explanation add up to its `preClamp`. */
export interface ExplanationTerm {
  readonly kind: TermKind;
  /** `onHand`, `damaged`, `safetyStock`, `protected(pos)`, `buffer(marketplace)`, `cap(marketplace)`, … */
  readonly label: string;
  /** Signed: deductions are negative. */
  readonly qty: Quantity;
  /** The level of the policy rule that supplied it (policy, cap and supply terms). */
  readonly scope?: ScopeLevel;
  /** The id of that rule, when it has one. */
  readonly rule?: string;
  /** How it was computed (`10% of sellable 40, rounded up`). */
  readonly detail?: string;
}

/** What happened after the terms: clamp at zero, the staleness fallback, ineligibility, backorder. */
export interface ExplanationStep {
  readonly kind: 'clamp' | 'stale' | 'ineligible' | 'backorder';
  readonly label: string;
  readonly from: Quantity;
  readonly to: Quantity;
  readonly detail?: string;
}

/** Why a result is what it is: ordered terms, their sum, the steps after, the final ATP and a rendering. */
export interface Explanation {
  readonly terms: readonly ExplanationTerm[];
  readonly preClamp: Quantity;
  readonly steps: readonly ExplanationStep[];
  readonly atp: Quantity;
  /** `onHand 10, damaged −1, committed −2, reserved −1, safetyStock −2 [global], buffer(marketplace) −1 [channel] → 3` */
  readonly text: string;
}

function signed(q: Quantity, first: boolean): string {
  const s = q.toString();
  if (first || q.minor === 0) return q.minor < 0 ? `−${s.slice(1)}` : s;
  return q.minor < 0 ? `−${s.slice(1)}` : `+${s}`;
}

/**
 * Renders terms and steps as one line a support agent can read.
 * @example
 * renderExplanation(result.explanation.terms, result.explanation.preClamp, result.explanation.steps);
 * // 'onHand 10, committed −2, safetyStock −2 [sku] → 6'
 */
export function renderExplanation(
  terms: readonly ExplanationTerm[],
  preClamp: Quantity,
  steps: readonly ExplanationStep[],
): string {
  let text = '';
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    if (i > 0) text += ', ';
    text += `${t.label} ${signed(t.qty, i === 0)}`;
    const scope = t.scope === undefined ? undefined : t.rule ? `${t.scope} "${t.rule}"` : t.scope;
    if (scope !== undefined || t.detail !== undefined) {
      text += ` [${scope !== undefined && t.detail !== undefined ? `${scope}; ${t.detail}` : (scope ?? t.detail)}]`;
    }
  }
  text += `${terms.length > 0 ? '' : 'nothing'} → ${signed(preClamp, true)}`;
  for (const s of steps) {
    if (s.kind === 'backorder')
      text += `; ${s.label} ${signed(s.to, true)}${s.detail ? ` (${s.detail})` : ''}`;
    else text += `, ${s.label}${s.detail ? ` (${s.detail})` : ''} → ${signed(s.to, true)}`;
  }
  return text;
}

/** Builds an explanation from terms and steps in minor units (the terms' quantities are set here). */
export function makeExplanation(
  spec: QuantitySpec,
  terms: readonly Omit<ExplanationTerm, 'qty'>[],
  termMinor: readonly number[],
  steps: readonly (Omit<ExplanationStep, 'from' | 'to'> & { from: number; to: number })[],
  atp: number,
): Explanation {
  const t: ExplanationTerm[] = [];
  let sum = 0;
  for (let i = 0; i < terms.length; i++) {
    const m = termMinor[i] ?? 0;
    sum += m;
    const x = terms[i]! as { qty?: Quantity } & Omit<ExplanationTerm, 'qty'>;
    x.qty = Quantity.fromMinor(m, spec);
    t.push(x as ExplanationTerm);
  }
  const preClamp = Quantity.fromMinor(sum, spec);
  const s: ExplanationStep[] = [];
  for (const x of steps) {
    const step: { -readonly [K in keyof ExplanationStep]: ExplanationStep[K] } = {
      kind: x.kind,
      label: x.label,
      from: Quantity.fromMinor(x.from, spec),
      to: Quantity.fromMinor(x.to, spec),
    };
    if (x.detail !== undefined) step.detail = x.detail;
    s.push(step);
  }
  return {
    terms: t,
    preClamp,
    steps: s,
    atp: Quantity.fromMinor(atp, spec),
    text: renderExplanation(t, preClamp, s),
  };
}
