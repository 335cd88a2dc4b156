import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleSpec, dereference } from './refs';

describe('bundle and dereference', () => {
  it('inlines external refs relative to the referring file, keeping internal refs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'omnistock-bundle-'));
    await writeFile(
      join(dir, 'api.yaml'),
      [
        'openapi: 3.1.0',
        'info: { title: t, version: 1.0.0 }',
        'paths:',
        '  /x:',
        '    get:',
        '      responses:',
        "        '200': { $ref: './parts/responses.yaml#/Ok' }",
        'components:',
        '  schemas:',
        '    Local: { type: string }',
        '    Wrapper: { $ref: "#/components/schemas/Local" }',
      ].join('\n'),
    );
    await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, 'parts')));
    await writeFile(
      join(dir, 'parts/responses.yaml'),
      "Ok:\n  description: ok\n  content:\n    application/json:\n      schema: { $ref: '#/Thing' }\nThing: { type: object, properties: { n: { $ref: './more.yaml' } } }\n",
    );
    await writeFile(join(dir, 'parts/more.yaml'), 'type: integer\n');
    const doc = await bundleSpec(join(dir, 'api.yaml'));
    expect((doc.paths as Record<string, unknown>)['/x']).toEqual({
      get: {
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': { schema: { type: 'object', properties: { n: { type: 'integer' } } } },
            },
          },
        },
      },
    });
    expect((doc.components as { schemas: Record<string, unknown> }).schemas.Wrapper).toEqual({
      $ref: '#/components/schemas/Local',
    });
    const full = await bundleSpec(join(dir, 'api.yaml'), { dereference: true });
    expect((full.components as { schemas: Record<string, unknown> }).schemas.Wrapper).toEqual({
      type: 'string',
    });
  });

  it('never resolves refs inside example values, and stops at cycles', () => {
    const doc = {
      components: {
        schemas: { Node: { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } } },
        examples: { E: { value: { $ref: '#/not/a/ref' } } },
      },
      a: { $ref: '#/components/schemas/Node' },
    };
    const out = dereference(doc);
    expect(out.components.examples.E.value).toEqual({ $ref: '#/not/a/ref' });
    expect(out.a).toEqual({ type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } });
  });

  it('fails on an unresolved ref', () => {
    expect(() => dereference({ a: { $ref: '#/missing' } })).toThrow('unresolved $ref #/missing');
  });
});
