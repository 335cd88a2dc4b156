import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readSpec } from '../spec-io';
import { REPO_ROOT } from '../internal/repo-root';
import { diffSpecs, formatDiff } from './index';

const FIXTURES = join(REPO_ROOT, 'packages/contracts/test-fixtures/diff');
const cases = readdirSync(FIXTURES).sort();

interface Expected {
  readonly violation: boolean;
  readonly changes: { pointer: string; kind: string; classification: string }[];
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

  it('refuses to compare OpenAPI with AsyncAPI', async () => {
    const a = await readSpec(join(FIXTURES, 'oas-no-change/old.yaml'));
    const b = await readSpec(join(FIXTURES, 'aa-channel-added/old.yaml'));
    expect(() => diffSpecs(a, b)).toThrow(/cannot compare openapi with asyncapi/);
  });
});

describe('released baseline', () => {
  it.each([
    ['specs/openapi/v1/released/openapi.yaml', 'specs/openapi/v1/openapi.yaml'],
    ['specs/asyncapi/v1/released/asyncapi.yaml', 'specs/asyncapi/v1/asyncapi.yaml'],
  ])('contracts diff %s → %s finds no breaking change within v1', async (released, working) => {
    const report = diffSpecs(
      await readSpec(join(REPO_ROOT, released)),
      await readSpec(join(REPO_ROOT, working)),
    );
    expect(report.changes.filter((c) => c.classification === 'breaking')).toEqual([]);
    expect(report.violation).toBe(false);
    expect(report.newMajor).toBe(1);
  });
});
