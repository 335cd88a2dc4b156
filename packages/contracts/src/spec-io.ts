import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/** A parsed contract document (OpenAPI or AsyncAPI) as plain JSON data. */
export type SpecDocument = { [key: string]: unknown };

/** Which contract language a document is written in. */
export type SpecKind = 'openapi' | 'asyncapi';

/**
 * Parses YAML or JSON text into a contract document. Throws on text that is not a mapping.
 * @example
 * parseSpec('openapi: 3.1.0\ninfo: { title: t, version: 1.0.0 }\npaths: {}').openapi; // '3.1.0'
 */
export function parseSpec(text: string, what = 'spec'): SpecDocument {
  const doc: unknown = parse(text, { maxAliasCount: -1 });
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new Error(`${what}: not a YAML/JSON mapping`);
  }
  return doc as SpecDocument;
}

/**
 * Reads and parses a contract file (YAML or JSON).
 * @example
 * const doc = await readSpec('specs/openapi/v1/openapi.yaml');
 */
export async function readSpec(path: string): Promise<SpecDocument> {
  return parseSpec(await readFile(path, 'utf8'), path);
}

/**
 * Whether a document is OpenAPI or AsyncAPI (by its `openapi` / `asyncapi` version field).
 * @example
 * specKind({ asyncapi: '3.0.0' }); // 'asyncapi'
 */
export function specKind(doc: SpecDocument): SpecKind {
  if (typeof doc.openapi === 'string') return 'openapi';
  if (typeof doc.asyncapi === 'string') return 'asyncapi';
  throw new Error('not an OpenAPI or AsyncAPI document (no `openapi` or `asyncapi` field)');
}

/**
 * The major version of a contract from `info.version` (semver), or undefined when it has none.
 * @example
 * majorVersion({ info: { version: '1.4.0' } }); // 1
 */
export function majorVersion(doc: SpecDocument): number | undefined {
  const info = doc.info as { version?: unknown } | undefined;
  const m = typeof info?.version === 'string' ? /^(\d+)\.\d+\.\d+/.exec(info.version) : null;
  return m ? Number(m[1]) : undefined;
}
