import { Parser } from '@asyncapi/parser';

/** One diagnostic of the AsyncAPI parser. */
export interface AsyncApiDiagnostic {
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly code: string;
  readonly message: string;
  /** JSON pointer of the offending node. */
  readonly pointer: string;
}

const SEVERITY = ['error', 'warning', 'info', 'hint'] as const;

/**
 * Parses and validates an AsyncAPI document with the official @asyncapi/parser (spec schema and
 * its built-in ruleset). The document is valid when no diagnostic has severity `error`.
 * @example
 * const { valid, diagnostics } = await validateAsyncApi(await readFile('asyncapi.yaml', 'utf8'));
 */
export async function validateAsyncApi(
  text: string,
  source?: string,
): Promise<{ valid: boolean; diagnostics: AsyncApiDiagnostic[] }> {
  const parser = new Parser();
  const { document, diagnostics } = await parser.parse(text, source === undefined ? {} : { source });
  const out = diagnostics.map((d) => ({
    severity: SEVERITY[d.severity] ?? 'error',
    code: String(d.code),
    message: d.message,
    pointer: `/${d.path.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`,
  }));
  return { valid: document !== undefined && !out.some((d) => d.severity === 'error'), diagnostics: out };
}
