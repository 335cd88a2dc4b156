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
 * Renders a diff report as lines: one per change (`BREAKING  <pointer>  <kind>  <message>`; a change
 * accepted by an erratum as `erratum  …  (erratum <date>: <reason>)`), one per stale erratum
 * (`STALE  <pointer>  <change>  …`) and a summary.
 * @example
 * formatDiff(diffSpecs(a, b)).forEach((l) => console.log(l));
 */
export function formatDiff(report: DiffReport): string[] {
  const label = (c: Change) =>
    c.erratum !== undefined
      ? 'erratum     '
      : c.classification === 'breaking'
        ? 'BREAKING    '
        : 'non-breaking';
  const lines = report.changes.map(
    (c) =>
      `${label(c)}  ${c.pointer}  ${c.kind}  ${c.message}${c.erratum ? `  (erratum ${c.erratum.date}: ${c.erratum.reason})` : ''}`,
  );
  const stale = report.staleErrata ?? [];
  for (const e of stale) {
    lines.push(`STALE         ${e.pointer}  ${e.change}  erratum matches no breaking change: remove it`);
  }
  const breaking = report.changes.filter((c) => c.classification === 'breaking');
  const listed = breaking.filter((c) => c.erratum !== undefined).length;
  const unlisted = breaking.length - listed;
  const within =
    report.oldMajor === report.newMajor
      ? ` within major v${report.oldMajor ?? '?'}`
      : ` (v${report.oldMajor ?? '?'} → v${report.newMajor ?? '?'})`;
  const errata = listed > 0 ? ` (${listed} accepted as errata)` : '';
  const staleNote = stale.length > 0 ? `, ${stale.length} stale erratum(s)` : '';
  const newMajor =
    report.oldMajor !== undefined && report.newMajor !== undefined && report.newMajor > report.oldMajor;
  const why = [
    ...(report.violation && unlisted > 0 && !newMajor
      ? ['breaking changes are not allowed within a major version']
      : []),
    ...(stale.length > 0 ? ['stale errata must be removed'] : []),
  ];
  lines.push(
    `${report.changes.length} change(s), ${breaking.length} breaking${errata}${within}${staleNote}${why.length > 0 ? `: ${why.join('; ')}` : ''}`,
  );
  return lines;
}

export { applyErrata, ErrataFileSchema, ErratumSchema, parseErrata, readErrata } from './errata';
export { compareSchemas } from './schema';
export type { Change, Classification, DiffReport, Direction, Erratum } from './types';
