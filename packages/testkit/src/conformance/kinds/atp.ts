import {
  type AnyResultJson,
  AtpInputJsonSchema,
  AvailabilityQueryJsonSchema,
  createAtpContext,
  parseAtpInput,
  runQueryJson,
} from '@omnistock/atp';
import { ErrorCodes, issuesFromZod, type OmnistockErrorData } from '@omnistock/core';
import { z } from 'zod';
import { subsetMismatches } from '../compare';
import type { KindHandler, KindOutcome, Mismatch } from '../types';

const ExpectedTermSchema = z.strictObject({
  kind: z.string().optional(),
  label: z.string(),
  qty: z.string(),
  scope: z.string().optional(),
  rule: z.string().optional(),
  detail: z.string().optional(),
});

/** The `expected` block of an atp vector: a (partial) result, or an error. */
export const AtpExpectedSchema = z.union([
  z.strictObject({
    result: z.record(z.string(), z.unknown()),
    /** The rendered explanation text, or its terms (label and signed qty, in order). */
    explanation: z.union([z.string(), z.array(ExpectedTermSchema)]).optional(),
  }),
  z.strictObject({
    error: z.strictObject({
      code: z.enum(Object.keys(ErrorCodes) as [string, ...string[]]),
      path: z.array(z.union([z.string(), z.number()])).optional(),
    }),
  }),
]);

/** An `atp` conformance vector. */
export const AtpVectorSchema = AtpInputJsonSchema.extend({
  $schema: z.string().optional(),
  kind: z.literal('atp'),
  name: z.string().min(1),
  description: z.string().optional(),
  now: z.iso.datetime({ offset: true }),
  query: AvailabilityQueryJsonSchema,
  expected: AtpExpectedSchema,
});
/** @see AtpVectorSchema */
export type AtpVector = z.infer<typeof AtpVectorSchema>;

function explanationOf(actual: AnyResultJson): { text?: string; terms?: unknown } {
  const e = (actual as { explanation?: { text: string; terms: unknown } }).explanation;
  return e ? { text: e.text, terms: e.terms } : {};
}

function malformed(error: z.ZodError): KindOutcome {
  const issue = issuesFromZod(error)[0];
  return { status: 'malformed', path: issue?.path ?? [], message: issue?.message ?? 'invalid atp vector' };
}

/** The frame of a vector: enough to know what it expects. The data is validated by the engine. */
const AtpFrameSchema = z.looseObject({
  kind: z.literal('atp'),
  name: z.string().min(1),
  now: z.iso.datetime({ offset: true }),
  query: AvailabilityQueryJsonSchema,
  expected: AtpExpectedSchema,
});

function runAtp(vector: Readonly<Record<string, unknown>>): KindOutcome {
  // A vector that expects an error may hold invalid data on purpose (a bad policy, a quantity with
  // too many decimals): only its frame must be well formed, and the engine must report the error.
  // Any other vector must match the full schema, or it is malformed.
  const frame = AtpFrameSchema.safeParse(vector);
  if (!frame.success) return malformed(frame.error);
  if (!('error' in frame.data.expected)) {
    const full = AtpVectorSchema.safeParse(vector);
    if (!full.success) return malformed(full.error);
  }
  const v = vector as AtpVector;
  const q = frame.data.query;
  let error: OmnistockErrorData | undefined;
  let actual: AnyResultJson | undefined;
  const { kind: _k, name: _n, description: _d, now: _now, query: _q, expected: _e, $schema: _s, ...data } = v;
  const input = parseAtpInput(data);
  if (!input.ok) error = input.error;
  else {
    const ctx = createAtpContext(input.value);
    if (!ctx.ok) error = ctx.error;
    else {
      const r = runQueryJson(ctx.value, q, frame.data.now);
      if (r.ok) actual = r.value;
      else error = r.error;
    }
  }
  const exp = frame.data.expected;
  if ('error' in exp) {
    if (!error)
      return {
        status: 'fail',
        mismatches: [{ path: ['expected', 'error'], expected: exp.error, actual }],
        actual,
      };
    const got = { code: error.code, ...(exp.error.path ? { path: error.path ?? [] } : {}) };
    const mismatches = subsetMismatches(exp.error, got, ['expected', 'error']);
    return mismatches.length === 0 ? { status: 'pass' } : { status: 'fail', mismatches, actual: error };
  }
  if (!actual) {
    return {
      status: 'fail',
      mismatches: [
        {
          path: ['expected', 'result'],
          expected: exp.result,
          actual: { error: error?.code, message: error?.message },
        },
      ],
      actual: error,
    };
  }
  const mismatches: Mismatch[] = subsetMismatches(exp.result, actual, ['expected', 'result']);
  const ex = explanationOf(actual);
  if (exp.explanation !== undefined) {
    if (typeof exp.explanation === 'string') {
      if (exp.explanation !== ex.text)
        mismatches.push({ path: ['expected', 'explanation'], expected: exp.explanation, actual: ex.text });
    } else mismatches.push(...subsetMismatches(exp.explanation, ex.terms, ['expected', 'explanation']));
  }
  if (mismatches.length === 0) return { status: 'pass' };
  return { status: 'fail', mismatches, actual, ...(ex.text === undefined ? {} : { explanation: ex.text }) };
}

/** The `atp` kind: items, locations, groups, positions, supply, demand, policy, now, query → result. */
export const atpKind: KindHandler = {
  kind: 'atp',
  summary: 'ATP: positions + policy + query at `now` → availability result (and explanation)',
  run: runAtp,
};
