import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readSpec } from '../spec-io';
import { REPO_ROOT } from '../internal/repo-root';
import { applyErrata, diffSpecs, formatDiff, parseErrata, readErrata } from './index';

const FIXTURES = join(REPO_ROOT, 'packages/contracts/test-fixtures/diff');
const cases = readdirSync(FIXTURES).sort();

interface Expected {
  readonly violation: boolean;
  readonly changes: { pointer: string; kind: string; classification: string }[];
  /** With the fixture's `errata.json` applied. */
  readonly errata?: {
    readonly violation: boolean;
    readonly accepted: { pointer: string; kind: string }[];
    readonly stale: { pointer: string; change: string }[];
  };
}

const key = (c: { pointer: string; kind: string; classification: string }) =>
  `${c.classification} ${c.kind} ${c.pointer}`;

describe('contracts diff: fixture pairs with their expected classification', () => {
  it('has at least 25 fixture pairs, OpenAPI and AsyncAPI', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    expect(cases.filter((c) => c.startsWith('aa-')).length).toBeGreaterThanOrEqual(8);
  });

  it.each(cases)('%s', async (name) => {
    const dir = join(FIXTURES, name);
    const expected = parse(await readFile(join(dir, 'expected.yaml'), 'utf8')) as Expected;
    const report = diffSpecs(await readSpec(join(dir, 'old.yaml')), await readSpec(join(dir, 'new.yaml')));
    expect(report.changes.map(key).sort()).toEqual(expected.changes.map(key).sort());
    expect(report.violation).toBe(expected.violation);
    expect(report.breaking).toBe(expected.changes.some((c) => c.classification === 'breaking'));
    const errataFile = join(dir, 'errata.json');
    expect(existsSync(errataFile)).toBe(expected.errata !== undefined);
    if (expected.errata) {
      const withErrata = applyErrata(report, await readErrata(errataFile));
      expect(withErrata.violation).toBe(expected.errata.violation);
      expect(
        withErrata.changes
          .filter((c) => c.erratum !== undefined)
          .map((c) => ({ pointer: c.pointer, kind: c.kind })),
      ).toEqual(expected.errata.accepted);
      expect(withErrata.staleErrata?.map((e) => ({ pointer: e.pointer, change: e.change }))).toEqual(
        expected.errata.stale,
      );
      // an erratum never hides a change: the same changes, still classified breaking
      expect(withErrata.changes.map(key)).toEqual(report.changes.map(key));
      expect(withErrata.breaking).toBe(report.breaking);
    }
  });

  it('formats one line per change with its pointer, and a summary', async () => {
    const dir = join(FIXTURES, 'oas-response-code-changed');
    const lines = formatDiff(
      diffSpecs(await readSpec(join(dir, 'old.yaml')), await readSpec(join(dir, 'new.yaml'))),
    );
    expect(lines).toEqual([
      'BREAKING      /paths/~1v1~1reservations/post/responses/201  response.removed  POST /v1/reservations: response 201 removed',
      'non-breaking  /paths/~1v1~1reservations/post/responses/200  response.added  POST /v1/reservations: response 200 added',
      '2 change(s), 1 breaking within major v1: breaking changes are not allowed within a major version',
    ]);
  });

  it('prints an accepted change as an erratum with its reason, and a stale erratum', async () => {
    const dir = join(FIXTURES, 'oas-erratum-partial-and-stale');
    const report = applyErrata(
      diffSpecs(await readSpec(join(dir, 'old.yaml')), await readSpec(join(dir, 'new.yaml'))),
      await readErrata(join(dir, 'errata.json')),
    );
    const at = '/paths/~1v1~1positions~1{sku}/get/responses/200/content/application~1json/schema/properties';
    expect(formatDiff(report)).toEqual([
      `erratum       ${at}/onHand  schema.constraint.loosened  NonNegativeDecimal → Decimal: admits more values  (erratum 2026-12-04: Position.onHand is signed by the documented semantics; the released schema contradicted them.)`,
      `BREAKING      ${at}/count  schema.property.removed  property count removed`,
      `STALE         ${at}/reserved  schema.constraint.loosened  erratum matches no breaking change: remove it`,
      '2 change(s), 2 breaking (1 accepted as errata) within major v1, 1 stale erratum(s): breaking changes are not allowed within a major version; stale errata must be removed',
    ]);
    const accepted = join(FIXTURES, 'oas-erratum-accepted');
    const ok = applyErrata(
      diffSpecs(await readSpec(join(accepted, 'old.yaml')), await readSpec(join(accepted, 'new.yaml'))),
      await readErrata(join(accepted, 'errata.json')),
    );
    expect(formatDiff(ok).at(-1)).toBe('1 change(s), 1 breaking (1 accepted as errata) within major v1');
  });

  it('errata apply only within the report they are given: none listed changes nothing', async () => {
    const dir = join(FIXTURES, 'oas-response-field-removed');
    const report = diffSpecs(await readSpec(join(dir, 'old.yaml')), await readSpec(join(dir, 'new.yaml')));
    const none = applyErrata(report, []);
    expect(none.violation).toBe(true);
    expect(none.staleErrata).toEqual([]);
    expect(formatDiff(none)).toEqual(formatDiff(report));
  });

  it('refuses malformed errata files, naming the problem', () => {
    const entry = {
      pointer: '/paths/~1v1~1x/get',
      change: 'schema.constraint.loosened',
      reason: 'r',
      date: '2026-12-04',
    };
    expect(parseErrata(JSON.stringify({ errata: [entry] }))).toEqual([entry]);
    expect(parseErrata('{"errata":[]}')).toEqual([]);
    expect(() => parseErrata('not json', 'E.json')).toThrow(/E\.json: not JSON/);
    expect(() => parseErrata('[]')).toThrow(/not an errata file/);
    expect(() => parseErrata(JSON.stringify({ errata: [entry, entry] }))).toThrow(/listed twice/);
    for (const bad of [
      { ...entry, pointer: 'paths/x' },
      { ...entry, change: 'BREAKING' },
      { ...entry, reason: ' ' },
      { ...entry, date: '04.12.2026' },
      { ...entry, extra: true },
    ]) {
      expect(() => parseErrata(JSON.stringify({ errata: [bad] }))).toThrow(/not an errata file/);
    }
  });

  it('refuses to compare OpenAPI with AsyncAPI', async () => {
    const a = await readSpec(join(FIXTURES, 'oas-no-change/old.yaml'));
    const b = await readSpec(join(FIXTURES, 'aa-channel-added/old.yaml'));
    expect(() => diffSpecs(a, b)).toThrow(/cannot compare openapi with asyncapi/);
  });
});

describe('released baseline', () => {
  it.each([
    [
      'specs/openapi/v1/released/openapi.yaml',
      'specs/openapi/v1/openapi.yaml',
      'specs/openapi/v1/ERRATA.json',
    ],
    [
      'specs/asyncapi/v1/released/asyncapi.yaml',
      'specs/asyncapi/v1/asyncapi.yaml',
      'specs/asyncapi/v1/ERRATA.json',
    ],
  ])(
    'contracts diff %s → %s finds no breaking change within v1 but the reviewed errata (%s)',
    async (released, working, errata) => {
      const report = applyErrata(
        diffSpecs(await readSpec(join(REPO_ROOT, released)), await readSpec(join(REPO_ROOT, working))),
        await readErrata(join(REPO_ROOT, errata)),
      );
      expect(report.changes.filter((c) => c.classification === 'breaking' && !c.erratum)).toEqual([]);
      expect(report.staleErrata).toEqual([]);
      expect(report.violation).toBe(false);
      expect(report.newMajor).toBe(1);
    },
  );

  it('the OpenAPI errata are exactly the signed position buckets and omnistockOnHand (DESIGN §3)', async () => {
    const errata = await readErrata(join(REPO_ROOT, 'specs/openapi/v1/ERRATA.json'));
    const fields = errata.map((e) => `${e.change} ${e.pointer.split('/').at(-1)}`).sort();
    expect(fields).toEqual(
      [
        ...['onHand', 'damaged', 'qualityControl'].flatMap((f) => [f, f]),
        'omnistockOnHand',
        'omnistockOnHand',
      ]
        .map((f) => `schema.constraint.loosened ${f}`)
        .sort(),
    );
  });
});
