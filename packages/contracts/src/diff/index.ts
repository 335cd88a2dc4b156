import { majorVersion, type SpecDocument, specKind } from '../spec-io';
import { diffAsyncApi } from './asyncapi';
import { diffOpenApi } from './openapi';
import { type Change, change, type DiffReport } from './types';

function versionChanges(oldDoc: SpecDocument, newDoc: SpecDocument): Change[] {
  const a = String((oldDoc.info as { version?: unknown } | undefined)?.version ?? '');
  const b = String((newDoc.info as { version?: unknown } | undefined)?.version ?? '');
  if (a === b) return [];
  const parse = (v: string) => v.split(/[.+-]/).slice(0, 3).map(Number);
  const [x, y] = [parse(a), parse(b)];
  const cmp = x.map((v, i) => v - (y[i] ?? 0)).find((d) => d !== 0) ?? 0;
  return cmp > 0
    ? [
        change(
          '/info/version',
          'info.version.decreased',
          `version ${a} → ${b} goes backwards`,
          'always',
          'both',
        ),
      ]
    : [change('/info/version', 'info.version.changed', `version ${a} → ${b}`, 'never', 'both')];
}

/**
 * Compares two versions of a contract (both OpenAPI or both AsyncAPI) and classifies every
 * change. `violation` is true when a breaking change happens within one major version.
 * @example
 * const report = diffSpecs(await readSpec('released.yaml'), await readSpec('openapi.yaml'));
 * if (report.violation) process.exitCode = 1;
 */
export function diffSpecs(oldDoc: SpecDocument, newDoc: SpecDocument): DiffReport {
  const kind = specKind(oldDoc);
  if (specKind(newDoc) !== kind) throw new Error(`cannot compare ${kind} with ${specKind(newDoc)}`);
  const changes = [
    ...versionChanges(oldDoc, newDoc),
    ...(kind === 'openapi' ? diffOpenApi(oldDoc, newDoc) : diffAsyncApi(oldDoc, newDoc)),
  ];
  const breaking = changes.some((c) => c.classification === 'breaking');
  const oldMajor = majorVersion(oldDoc);
  const newMajor = majorVersion(newDoc);
  const newMajorStarted = oldMajor !== undefined && newMajor !== undefined && newMajor > oldMajor;
  return { kind, changes, breaking, oldMajor, newMajor, violation: breaking && !newMajorStarted };
}

/**
 * Renders a diff report as lines: one per change (`BREAKING  <pointer>  <kind>  <message>`) and
 * a summary.
 * @example
 * formatDiff(diffSpecs(a, b)).forEach((l) => console.log(l));
 */
export function formatDiff(report: DiffReport): string[] {
  const lines = report.changes.map(
    (c) =>
      `${c.classification === 'breaking' ? 'BREAKING    ' : 'non-breaking'}  ${c.pointer}  ${c.kind}  ${c.message}`,
  );
  const nb = report.changes.filter((c) => c.classification === 'breaking').length;
  const within =
    report.oldMajor === report.newMajor
      ? ` within major v${report.oldMajor ?? '?'}`
      : ` (v${report.oldMajor ?? '?'} → v${report.newMajor ?? '?'})`;
  lines.push(
    `${report.changes.length} change(s), ${nb} breaking${within}${report.violation ? ': breaking changes are not allowed within a major version' : ''}`,
  );
  return lines;
}

export { compareSchemas } from './schema';
export type { Change, Classification, DiffReport, Direction } from './types';
