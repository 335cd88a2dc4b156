import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  applyErrata,
  bundleSpec,
  diffSpecs,
  formatDiff,
  generateContracts,
  generatedDrift,
  lintSpec,
  readErrata,
  readSpec,
  specKind,
  validateAsyncApi,
} from '@omnistock/contracts';
import { readFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { type Command, type Io, UsageError } from '../command';

const USAGE = `omnistock contracts <lint|diff|bundle|generate|check> ...

  omnistock contracts lint <spec>                 Check a contract against omnistock's conventions
                                                  (and, for AsyncAPI, the official parser). Exit 1 on errors.
  omnistock contracts diff <old> <new>            Classify every change as breaking or non-breaking,
                   [--errata <file>]              each with its JSON pointer. Exit 1 on a breaking change
                                                  within one major version that the errata file does not
                                                  list, or on a stale erratum.
  omnistock contracts bundle <spec> [-o <out>]    Resolve every external $ref into one document
                   [--dereference]                (also the internal ones with --dereference). Writes
                                                  YAML, or JSON when <out> ends in .json; stdout without -o.
  omnistock contracts generate [--root <dir>]     Regenerate the contracts' components/schemas from the zod
                                                  schemas and the OpenAPI TypeScript types.
  omnistock contracts check [--root <dir>]        Exit 1 when a generated file has drifted.
  omnistock contracts help <subcommand>           The rules and options of one subcommand.

Options:
  -o, --out <file>     bundle: where to write
  --dereference        bundle: also inline internal $refs
  --errata <file>      diff: reviewed errata (ERRATA.json) that accept listed breaking changes
  --json               lint/diff: print the findings as JSON
  --root <dir>         generate/check: the repository root (default: the current directory)
  -h, --help           this help`;

const SUBUSAGE: Record<string, string> = {
  lint: 'omnistock contracts lint <spec> [--json]\n\nChecks an OpenAPI 3.1 or AsyncAPI 3.0 contract against omnistock conventions:\nspec-version, info-version (semver, major = the v<N> directory), operation-id (camelCase, unique),\nproblem-json (every 4xx/5xx is application/problem+json with a stable code), examples (every request,\nresponse, parameter and message), roles, rate-limit-headers, event-type (omnistock.<aggregate>.<event>.v<major>),\ncloudevents (envelope and partitionkey), consumer-semantics. AsyncAPI is also validated by @asyncapi/parser.\nExit 0 when there are no errors (warnings are printed), 1 otherwise.',
  diff: 'omnistock contracts diff <old> <new> [--errata <file>] [--json]\n\nCompares two versions of an OpenAPI or AsyncAPI contract and prints every change with its JSON pointer,\nclassified breaking or non-breaking (removed operation/field/channel/message, type change, new required\nrequest field, narrowed enum, removed response code, ...). Exit 1 when a breaking change happens within\none major version (info.version), 0 otherwise.\n\nWith --errata <file> (`{ "errata": [{ "pointer", "change", "reason", "date" }] }`, see specs/GOVERNANCE.md):\na breaking change whose pointer and kind are listed is printed as `erratum` with its reason and does not\nfail; an erratum that matches no breaking change is printed as STALE and fails (exit 1).',
  bundle:
    'omnistock contracts bundle <spec> [-o <out>] [--dereference]\n\nResolves every external $ref (other files) into one self-contained document; with --dereference,\ninternal refs too. Writes YAML (JSON when <out> ends in .json) to <out>, or to stdout.',
  generate:
    'omnistock contracts generate [--root <dir>]\n\nRewrites components/schemas of specs/openapi/v1/openapi.yaml and specs/asyncapi/v1/asyncapi.yaml from\nthe zod schemas, and packages/contracts/src/generated/openapi.ts with openapi-typescript.',
  check:
    'omnistock contracts check [--root <dir>]\n\nExit 1 (listing the files) when a generated file differs from what `generate` would write.',
};

async function lint(file: string, json: boolean, io: Io): Promise<number> {
  const path = resolve(io.cwd, file);
  const doc = await readSpec(path);
  const issues = lintSpec(doc, { path });
  if (specKind(doc) === 'asyncapi') {
    const { diagnostics } = await validateAsyncApi(await readFile(path, 'utf8'), path);
    for (const d of diagnostics) {
      if (d.severity === 'error' || d.severity === 'warning') {
        issues.push({
          rule: `asyncapi-parser/${d.code}`,
          severity: d.severity,
          pointer: d.pointer,
          message: d.message,
        });
      }
    }
  }
  const errors = issues.filter((i) => i.severity === 'error').length;
  if (json) io.out(JSON.stringify(issues, null, 2));
  else {
    for (const i of issues) io.out(`${i.severity.padEnd(7)}  ${i.rule}  ${i.pointer}  ${i.message}`);
    io.out(`${file}: ${errors} error(s), ${issues.length - errors} warning(s)`);
  }
  return errors > 0 ? 1 : 0;
}

/** `omnistock contracts lint|diff|bundle|generate|check`: contract governance. */
export const contractsCommand: Command = {
  name: 'contracts',
  summary: 'Lint, diff (breaking-change check), bundle and regenerate the OpenAPI/AsyncAPI contracts',
  usage: USAGE,
  options: {
    out: { type: 'string', short: 'o' },
    dereference: { type: 'boolean' },
    errata: { type: 'string' },
    json: { type: 'boolean' },
    root: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    const [sub, ...args] = positionals;
    const json = values.json === true;
    const root = resolve(io.cwd, typeof values.root === 'string' ? values.root : '.');
    switch (sub) {
      case 'lint': {
        if (args.length !== 1) throw new UsageError(`lint takes one spec\n\n${SUBUSAGE.lint}`);
        return lint(args[0]!, json, io);
      }
      case 'diff': {
        if (args.length !== 2) throw new UsageError(`diff takes <old> <new>\n\n${SUBUSAGE.diff}`);
        const raw = diffSpecs(
          await readSpec(resolve(io.cwd, args[0]!)),
          await readSpec(resolve(io.cwd, args[1]!)),
        );
        const report =
          typeof values.errata === 'string'
            ? applyErrata(raw, await readErrata(resolve(io.cwd, values.errata)))
            : raw;
        if (json) io.out(JSON.stringify(report, null, 2));
        else for (const line of formatDiff(report)) io.out(line);
        return report.violation ? 1 : 0;
      }
      case 'bundle': {
        if (args.length !== 1) throw new UsageError(`bundle takes one spec\n\n${SUBUSAGE.bundle}`);
        const doc = await bundleSpec(resolve(io.cwd, args[0]!), { dereference: values.dereference === true });
        const out = typeof values.out === 'string' ? values.out : undefined;
        const text = out?.endsWith('.json')
          ? `${JSON.stringify(doc, null, 2)}\n`
          : stringify(doc, { lineWidth: 0 });
        if (out) {
          await writeFile(resolve(io.cwd, out), text);
          io.out(`bundled ${args[0]} → ${out}`);
        } else io.out(text);
        return 0;
      }
      case 'generate': {
        const written = await generateContracts(root);
        io.out(
          written.length === 0
            ? 'generated files are up to date'
            : written.map((w) => `wrote ${w}`).join('\n'),
        );
        return 0;
      }
      case 'check': {
        const drifted = await generatedDrift(root);
        for (const d of drifted) io.err(`drifted: ${d} (run npm run contracts:generate)`);
        if (drifted.length === 0) io.out('generated files are up to date');
        return drifted.length > 0 ? 1 : 0;
      }
      case undefined:
        throw new UsageError('missing subcommand: lint, diff, bundle, generate or check');
      default:
        if (sub === 'help') {
          const topic = args[0];
          io.out(topic !== undefined && topic in SUBUSAGE ? (SUBUSAGE[topic] ?? USAGE) : USAGE);
          return 0;
        }
        throw new UsageError(`unknown subcommand "${sub}"`);
    }
  },
};
