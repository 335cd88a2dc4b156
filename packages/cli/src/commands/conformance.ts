import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatReport, kinds, runConformance, summaryLine } from '@omnistock/testkit';
import { type Command, UsageError } from '../command';

/**
 * `omnistock conformance <dir>`: runs every conformance vector under a directory (recursively),
 * prints each failure with expected vs actual and the explanation, and ends with `N passed, N failed`.
 * Exit code 0 when all pass, 1 on any failure or malformed vector.
 */
export const conformanceCommand: Command = {
  name: 'conformance',
  summary: 'Run the language-neutral conformance vectors in a directory',
  usage: [
    'omnistock conformance <dir|file> [--verbose]',
    '',
    'Runs every *.json vector under <dir> (recursively) and prints each failure with expected vs',
    'actual and the explanation, then `N passed, N failed`. Exits 1 on any failure or malformed vector.',
    '',
    'Options:',
    '  --verbose  also list the vectors that pass',
    '',
    `Kinds: ${Object.values(kinds)
      .map((k) => `${k.kind} (${k.summary})`)
      .join('; ')}`,
  ].join('\n'),
  options: { verbose: { type: 'boolean', short: 'v' } },
  run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('expected exactly one directory or file');
    const target = resolve(io.cwd, positionals[0]!);
    if (!existsSync(target)) throw new UsageError(`no such directory or file: ${positionals[0]}`);
    const summary = runConformance(target, kinds, io.cwd);
    for (const r of summary.reports) {
      if (r.status === 'pass') {
        if (values.verbose) io.out(`ok   ${r.file} — ${r.name}`);
        continue;
      }
      for (const line of formatReport(r)) io.out(line);
    }
    io.out(summaryLine(summary));
    return summary.failed === 0 && summary.reports.length > 0 ? 0 : 1;
  },
};
