import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatPath } from '@omnistock/core';
import { kinds as defaultKinds } from './kinds';
import type { JsonPath, KindHandler, Mismatch } from './types';

/** The outcome of one vector in one file. */
export type VectorReport =
  | { readonly file: string; readonly name: string; readonly kind: string; readonly status: 'pass' }
  | {
      readonly file: string;
      readonly name: string;
      readonly kind: string;
      readonly status: 'fail';
      readonly mismatches: readonly Mismatch[];
      readonly actual: unknown;
      readonly explanation?: string;
    }
  | {
      readonly file: string;
      readonly name?: string;
      readonly status: 'malformed';
      readonly path: JsonPath;
      readonly message: string;
    };

/** Every vector's report and the totals (`failed` counts malformed vectors too). */
export interface RunSummary {
  readonly reports: readonly VectorReport[];
  readonly passed: number;
  readonly failed: number;
}

function summarise(reports: VectorReport[]): RunSummary {
  const passed = reports.filter((r) => r.status === 'pass').length;
  return { reports, passed, failed: reports.length - passed };
}

/**
 * Runs the vectors held by one parsed JSON document (a vector, or an array of vectors). Never throws:
 * a bad shape is `malformed` with its JSON path, a handler that throws is a `fail`.
 * @example
 * runVectorJson({ kind: 'atp', name: 'x', ... }, 'x.json').passed;
 */
export function runVectorJson(
  json: unknown,
  file: string,
  kinds: Readonly<Record<string, KindHandler>> = defaultKinds,
): RunSummary {
  const list: [unknown, JsonPath][] = Array.isArray(json) ? json.map((v, i) => [v, [i]]) : [[json, []]];
  const reports: VectorReport[] = [];
  for (const [vector, at] of list) reports.push(runOne(vector, at, file, kinds));
  if (list.length === 0)
    reports.push({ file, status: 'malformed', path: [], message: 'an empty array holds no vectors' });
  return summarise(reports);
}

function runOne(
  vector: unknown,
  at: JsonPath,
  file: string,
  kinds: Readonly<Record<string, KindHandler>>,
): VectorReport {
  if (vector === null || typeof vector !== 'object' || Array.isArray(vector))
    return { file, status: 'malformed', path: at, message: 'a vector is a JSON object' };
  const v = vector as Record<string, unknown>;
  const name = typeof v.name === 'string' && v.name.length > 0 ? v.name : undefined;
  if (name === undefined)
    return {
      file,
      status: 'malformed',
      path: [...at, 'name'],
      message: 'a vector has a non-empty string `name`',
    };
  if (typeof v.kind !== 'string')
    return {
      file,
      name,
      status: 'malformed',
      path: [...at, 'kind'],
      message: 'a vector has a string `kind`',
    };
  const handler = Object.hasOwn(kinds, v.kind) ? kinds[v.kind] : undefined;
  if (!handler)
    return {
      file,
      name,
      status: 'malformed',
      path: [...at, 'kind'],
      message: `unknown kind "${v.kind}" (known: ${Object.keys(kinds).join(', ')})`,
    };
  try {
    const outcome = handler.run(v);
    if (outcome.status === 'malformed')
      return { file, name, status: 'malformed', path: [...at, ...outcome.path], message: outcome.message };
    if (outcome.status === 'pass') return { file, name, kind: v.kind, status: 'pass' };
    return {
      file,
      name,
      kind: v.kind,
      status: 'fail',
      mismatches: outcome.mismatches,
      actual: outcome.actual,
      ...(outcome.explanation === undefined ? {} : { explanation: outcome.explanation }),
    };
  } catch (e) {
    return {
      file,
      name,
      kind: v.kind,
      status: 'fail',
      mismatches: [{ path: at, expected: 'no exception', actual: String((e as Error)?.stack ?? e) }],
      actual: undefined,
    };
  }
}

/**
 * Reads and runs one vector file.
 * @example
 * runVectorFile('specs/conformance/atp/basic.json').failed; // 0
 */
export function runVectorFile(
  path: string,
  kinds: Readonly<Record<string, KindHandler>> = defaultKinds,
  displayName: string = path,
): RunSummary {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return summarise([{ file: displayName, status: 'malformed', path: [], message: (e as Error).message }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return summarise([
      { file: displayName, status: 'malformed', path: [], message: `not JSON: ${(e as Error).message}` },
    ]);
  }
  return runVectorJson(json, displayName, kinds);
}

/**
 * Every `*.json` file under `dir`, recursively, in a stable order (JSON Schemas `*.schema.json` are skipped).
 * @example
 * vectorFiles('specs/conformance').length;
 */
export function vectorFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.json') && !entry.name.endsWith('.schema.json')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * Runs every vector in a directory (recursively) or one file.
 * @example
 * const s = runConformance('specs/conformance');
 * console.log(`${s.passed} passed, ${s.failed} failed`);
 */
export function runConformance(
  dirOrFile: string,
  kinds: Readonly<Record<string, KindHandler>> = defaultKinds,
  cwd: string = process.cwd(),
): RunSummary {
  const files = statSync(dirOrFile).isDirectory() ? vectorFiles(dirOrFile) : [dirOrFile];
  const reports: VectorReport[] = [];
  for (const f of files) reports.push(...runVectorFile(f, kinds, relative(cwd, f) || f).reports);
  return summarise(reports);
}

const show = (v: unknown) => (v === undefined ? '(missing)' : JSON.stringify(v));

/**
 * The lines a person reads for one report (nothing for a pass).
 * @example
 * formatReport(report).join('\n');
 */
export function formatReport(r: VectorReport): string[] {
  if (r.status === 'pass') return [];
  if (r.status === 'malformed')
    return [`MALFORMED ${r.file} at ${formatPath(r.path)}${r.name ? ` (${r.name})` : ''}: ${r.message}`];
  const lines = [`FAIL ${r.file} — ${r.name}`];
  for (const m of r.mismatches)
    lines.push(`  ${formatPath(m.path)}: expected ${show(m.expected)}, actual ${show(m.actual)}`);
  if (r.explanation !== undefined) lines.push(`  explanation: ${r.explanation}`);
  return lines;
}

/**
 * The last line of a run: exactly `N passed, N failed`.
 * @example
 * summaryLine({ reports: [], passed: 3, failed: 0 }); // '3 passed, 0 failed'
 */
export function summaryLine(s: RunSummary): string {
  return `${s.passed} passed, ${s.failed} failed`;
}
