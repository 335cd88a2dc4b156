import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { getAtPointer } from './json-pointer';
import { parseSpec, type SpecDocument } from './spec-io';

function isRef(value: unknown): value is { $ref: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { $ref?: unknown }).$ref === 'string' &&
    !Array.isArray(value)
  );
}

/**
 * Replaces every internal `$ref` (`#/...`) with the value it points to, producing a tree without
 * references. A cycle is left as a `$ref` at the point it recurs. Sibling keys of a `$ref`
 * (allowed in OpenAPI 3.1) are merged over the target. Examples are copied as data, never resolved.
 * @example
 * dereference({ a: { $ref: '#/b' }, b: 1 }); // { a: 1, b: 1 }
 */
export function dereference<T>(doc: T): T {
  // `example` and JSON Schema `examples` arrays are literal data; an `examples` map holds Example
  // Objects (or refs to them) whose `value` is literal data.
  type Mode = 'node' | 'literal' | 'exampleMap' | 'exampleObject';
  const walk = (node: unknown, stack: readonly string[], mode: Mode): unknown => {
    if (mode === 'literal' || typeof node !== 'object' || node === null) return node;
    if (Array.isArray(node)) return node.map((n) => walk(n, stack, 'node'));
    if (isRef(node) && node.$ref.startsWith('#')) {
      if (stack.includes(node.$ref)) return node;
      const target = getAtPointer(doc, node.$ref);
      if (target === undefined) throw new Error(`unresolved $ref ${node.$ref}`);
      const { $ref: _r, ...siblings } = node;
      const resolved = walk(target, [...stack, node.$ref], mode === 'exampleMap' ? 'exampleObject' : mode);
      if (Object.keys(siblings).length === 0 || typeof resolved !== 'object') return resolved;
      return { ...(resolved as object), ...(walk(siblings, stack, mode) as object) };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      const child: Mode =
        mode === 'exampleMap'
          ? 'exampleObject'
          : mode === 'exampleObject'
            ? k === 'value'
              ? 'literal'
              : 'node'
            : k === 'example' || (k === 'examples' && Array.isArray(v))
              ? 'literal'
              : k === 'examples'
                ? 'exampleMap'
                : 'node';
      out[k] = walk(v, stack, child);
    }
    return out;
  };
  return walk(doc, [], 'node') as T;
}

/**
 * Reads a contract and inlines every external `$ref` (`other.yaml#/x`), recursively and relative
 * to the file that contains it, so the result is one self-contained document. Internal refs are
 * kept unless `dereference` is set, in which case they are resolved as well.
 * @example
 * const doc = await bundleSpec('specs/openapi/v1/openapi.yaml');
 */
export async function bundleSpec(
  path: string,
  options: { dereference?: boolean } = {},
): Promise<SpecDocument> {
  const cache = new Map<string, SpecDocument>();
  const load = async (file: string): Promise<SpecDocument> => {
    let doc = cache.get(file);
    if (!doc) {
      doc = parseSpec(await readFile(file, 'utf8'), file);
      cache.set(file, doc);
    }
    return doc;
  };
  const inline = async (
    node: unknown,
    file: string,
    root: SpecDocument,
    stack: string[],
  ): Promise<unknown> => {
    if (Array.isArray(node)) return Promise.all(node.map((n) => inline(n, file, root, stack)));
    if (typeof node !== 'object' || node === null) return node;
    if (isRef(node) && !node.$ref.startsWith('#')) {
      const [target = '', fragment = ''] = node.$ref.split('#');
      const targetFile = resolve(dirname(file), target);
      const key = `${targetFile}#${fragment}`;
      if (stack.includes(key)) throw new Error(`circular external $ref ${node.$ref} in ${file}`);
      const targetDoc = await load(targetFile);
      const value = fragment ? getAtPointer(targetDoc, `#${fragment}`) : targetDoc;
      if (value === undefined) throw new Error(`unresolved $ref ${node.$ref} in ${file}`);
      // Internal refs inside the other file point into that file: resolve them there.
      const local = dereference({ ...targetDoc, __target: value }).__target;
      return inline(local, targetFile, root, [...stack, key]);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = await inline(v, file, root, stack);
    return out;
  };
  const absolute = resolve(path);
  const root = await load(absolute);
  const bundled = (await inline(root, absolute, root, [])) as SpecDocument;
  return options.dereference ? dereference(bundled) : bundled;
}
