import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReport, runConformance, runVectorJson, summaryLine, vectorFiles } from './index';

const root = resolve(import.meta.dirname, '../../../../specs/conformance');

const basic = {
  kind: 'atp',
  name: 'basic',
  items: [{ sku: 'A', unit: 'each' }],
  locations: [{ id: 'S1', type: 'store' }],
  positions: [
    {
      sku: 'A',
      location: 'S1',
      onHand: '10',
      damaged: '1',
      qualityControl: '0',
      committed: '2',
      reserved: '1',
      incoming: [],
      inTransit: [],
      asOf: '2026-12-04T09:00:00Z',
    },
  ],
  policy: { rules: [{ scope: {}, safetyStock: { kind: 'absolute', qty: '2' } }] },
  now: '2026-12-04T10:00:00Z',
  query: { type: 'location', sku: 'A', location: 'S1', channel: 'web' },
  expected: { result: { atp: '4' } },
};

describe('conformance vectors in specs/conformance', () => {
  it('has at least 40 atp vectors', () => {
    expect(vectorFiles(join(root, 'atp')).length).toBeGreaterThanOrEqual(40);
  });
  it('every vector passes', () => {
    const summary = runConformance(root);
    const failures = summary.reports.flatMap(formatReport);
    expect(failures).toEqual([]);
    expect(summary.failed).toBe(0);
    expect(summary.passed).toBe(summary.reports.length);
  });
});

describe('the runner', () => {
  it('passes a right expectation', () => {
    const s = runVectorJson(basic, 'basic.json');
    expect(summaryLine(s)).toBe('1 passed, 0 failed');
  });
  it('reports a wrong expectation with expected, actual and the explanation', () => {
    const s = runVectorJson(
      { ...basic, expected: { result: { atp: '5', status: 'inStock' } } },
      'wrong.json',
    );
    expect(summaryLine(s)).toBe('0 passed, 1 failed');
    const lines = formatReport(s.reports[0]!);
    expect(lines[0]).toBe('FAIL wrong.json — basic');
    expect(lines).toContain('  expected.result.atp: expected "5", actual "4"');
    expect(lines.at(-1)).toBe(
      '  explanation: onHand 10, damaged −1, committed −2, reserved −1, safetyStock −2 [global] → 4',
    );
  });
  it('reports a wrong explanation', () => {
    const s = runVectorJson(
      { ...basic, expected: { result: { atp: '4' }, explanation: 'onHand 10 → 4' } },
      'x.json',
    );
    expect(s.failed).toBe(1);
    expect(formatReport(s.reports[0]!).join('\n')).toContain('expected.explanation');
  });
  it('reports a malformed vector by file and JSON path, without throwing', () => {
    const bad = { ...basic, query: { ...basic.query, location: 7 } };
    const s = runVectorJson(bad, 'bad.json');
    expect(s.failed).toBe(1);
    expect(s.reports[0]).toMatchObject({
      status: 'malformed',
      file: 'bad.json',
      path: ['query', 'location'],
    });
    expect(formatReport(s.reports[0]!)[0]).toMatch(/^MALFORMED bad\.json at query\.location \(basic\): /);
  });
  it('reports an unknown kind, a missing name and a non-object as malformed', () => {
    const s = runVectorJson([{ ...basic, kind: 'nope' }, { ...basic, name: '' }, 42], 'many.json');
    expect(s.reports.map((r) => r.status)).toEqual(['malformed', 'malformed', 'malformed']);
    expect(s.reports.map((r) => (r.status === 'malformed' ? r.path : []))).toEqual([
      [0, 'kind'],
      [1, 'name'],
      [2],
    ]);
  });
  it('reports a file that is not JSON and counts it as failed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'omnistock-vectors-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify(basic));
    writeFileSync(join(dir, 'b.json'), '{ not json');
    const s = runConformance(dir, undefined, dir);
    expect(summaryLine(s)).toBe('1 passed, 1 failed');
    expect(formatReport(s.reports[1]!)[0]).toMatch(/^MALFORMED b\.json at \(root\): not JSON/);
  });
  it('fails a vector that expects an error the engine does not raise', () => {
    const s = runVectorJson({ ...basic, expected: { error: { code: 'ITEM_UNKNOWN' } } }, 'e.json');
    expect(s.failed).toBe(1);
  });
});
