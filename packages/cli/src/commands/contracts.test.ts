import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../main';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const FIX = 'packages/contracts/test-fixtures/diff';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), cwd: ROOT }, out, err };
}

describe('omnistock contracts', () => {
  it('is listed in --help and has its own --help', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    expect(c.out.join('\n')).toContain('contracts');
    const h = capture();
    expect(await main(['contracts', '--help'], h.io)).toBe(0);
    expect(h.out.join('\n')).toMatch(/contracts diff <old> <new>/);
    expect(h.out.join('\n')).toMatch(/contracts bundle <spec> \[-o <out>\]/);
    const d = capture();
    expect(await main(['contracts', 'help', 'diff'], d.io)).toBe(0);
    expect(d.out.join('\n')).toContain('Exit 1 when a breaking change happens within');
    expect(d.out.join('\n')).toContain('--errata <file>');
  });

  it('lint passes the v1 contracts (exit 0) and reports their counts', async () => {
    for (const spec of ['specs/openapi/v1/openapi.yaml', 'specs/asyncapi/v1/asyncapi.yaml']) {
      const c = capture();
      expect(await main(['contracts', 'lint', spec], c.io)).toBe(0);
      expect(c.out.at(-1)).toBe(`${spec}: 0 error(s), 0 warning(s)`);
    }
  });

  it('lint exits 1 on a spec that breaks the conventions', async () => {
    const c = capture();
    expect(await main(['contracts', 'lint', `${FIX}/oas-operation-id-changed/new.yaml`], c.io)).toBe(1);
    expect(c.out.join('\n')).toContain('examples');
  });

  it('diff exits 1 on a breaking change within a major, printing the pointer', async () => {
    const c = capture();
    const code = await main(
      [
        'contracts',
        'diff',
        `${FIX}/oas-response-field-removed/old.yaml`,
        `${FIX}/oas-response-field-removed/new.yaml`,
      ],
      c.io,
    );
    expect(code).toBe(1);
    expect(c.out[0]).toBe(
      'BREAKING      /paths/~1v1~1items~1{sku}/get/responses/200/content/application~1json/schema/properties/atp  schema.property.removed  property atp removed',
    );
  });

  it('diff exits 0 on non-breaking changes and on breaking changes with a new major', async () => {
    for (const name of [
      'oas-operation-added',
      'oas-new-major-allows-breaking',
      'aa-new-major-allows-breaking',
    ]) {
      const c = capture();
      expect(
        await main(['contracts', 'diff', `${FIX}/${name}/old.yaml`, `${FIX}/${name}/new.yaml`], c.io),
      ).toBe(0);
    }
  });

  it('diff released → working finds no breaking change but the reviewed errata (the CI gate, as .ci/run runs it)', async () => {
    for (const kind of ['openapi', 'asyncapi']) {
      const args = [
        'contracts',
        'diff',
        `specs/${kind}/v1/released/${kind}.yaml`,
        `specs/${kind}/v1/${kind}.yaml`,
      ];
      const c = capture();
      expect(await main([...args, '--errata', `specs/${kind}/v1/ERRATA.json`], c.io)).toBe(0);
      expect(c.out.filter((l) => l.startsWith('BREAKING') || l.startsWith('STALE'))).toEqual([]);
      expect(c.out.at(-1)).toMatch(/within major v1$/);
      if (kind === 'openapi') {
        // the signed position buckets are errata: printed, not dropped, and still breaking without the file
        expect(c.out.filter((l) => l.startsWith('erratum'))).toHaveLength(8);
        expect(c.out.at(-1)).toBe('12 change(s), 8 breaking (8 accepted as errata) within major v1');
        // additive since the release: the optional Idempotency-Key of ingest and re-submission
        expect(c.out.filter((l) => l.startsWith('non-breaking')).map((l) => l.split(/\s+/)[2])).toEqual([
          'parameter.added',
          'response.header.added',
          'parameter.added',
          'response.header.added',
        ]);
        const without = capture();
        expect(await main(args, without.io)).toBe(1);
      }
    }
  });

  it('diff --errata: listed breaking changes are errata (exit 0); unlisted ones and stale errata exit 1', async () => {
    const run = async (name: string, errata?: string) => {
      const c = capture();
      const code = await main(
        [
          'contracts',
          'diff',
          `${FIX}/${name}/old.yaml`,
          `${FIX}/${name}/new.yaml`,
          ...(errata ? ['--errata', errata] : []),
        ],
        c.io,
      );
      return { code, out: c.out, err: c.err };
    };
    expect((await run('oas-erratum-accepted')).code).toBe(1);
    const accepted = await run('oas-erratum-accepted', `${FIX}/oas-erratum-accepted/errata.json`);
    expect(accepted.code).toBe(0);
    expect(accepted.out[0]).toMatch(
      /^erratum {7}\/paths\/.*\/onHand {2}schema\.constraint\.loosened {2}.*\(erratum 2026-12-04: /,
    );
    const partial = await run(
      'oas-erratum-partial-and-stale',
      `${FIX}/oas-erratum-partial-and-stale/errata.json`,
    );
    expect(partial.code).toBe(1);
    expect(partial.out.map((l) => l.split(' ')[0])).toEqual(['erratum', 'BREAKING', 'STALE', '2']);
    const stale = await run('oas-erratum-stale', `${FIX}/oas-erratum-stale/errata.json`);
    expect(stale.code).toBe(1);
    expect(stale.out.at(-1)).toMatch(/1 stale erratum\(s\): stale errata must be removed$/);
    // --json carries the erratum on the change and the stale errata
    const c = capture();
    expect(
      await main(
        [
          'contracts',
          'diff',
          `${FIX}/oas-erratum-stale/old.yaml`,
          `${FIX}/oas-erratum-stale/new.yaml`,
          '--errata',
          `${FIX}/oas-erratum-stale/errata.json`,
          '--json',
        ],
        c.io,
      ),
    ).toBe(1);
    expect(JSON.parse(c.out.join('\n'))).toMatchObject({
      violation: true,
      staleErrata: [{ change: 'schema.property.added' }],
    });
    const missing = await run('oas-erratum-accepted', `${FIX}/oas-erratum-accepted/nope.json`);
    expect(missing.code).toBe(1);
    expect(missing.err.join('\n')).toMatch(/nope\.json/);
    const dir = await mkdtemp(join(tmpdir(), 'omnistock-errata-'));
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ errata: [{ pointer: 'x' }] }));
    const bad = await run('oas-erratum-accepted', join(dir, 'bad.json'));
    expect(bad.code).toBe(1);
    expect(bad.err.join('\n')).toMatch(/not an errata file/);
    await rm(dir, { recursive: true, force: true });
  });

  it('bundle writes one document (JSON with -o x.json), --dereference inlines internal refs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'omnistock-cli-'));
    const out = join(dir, 'bundled.json');
    const c = capture();
    expect(
      await main(['contracts', 'bundle', 'specs/openapi/v1/openapi.yaml', '-o', out, '--dereference'], c.io),
    ).toBe(0);
    const doc = JSON.parse(await readFile(out, 'utf8')) as {
      paths: Record<
        string,
        {
          get?: {
            responses: Record<string, { content: Record<string, { schema: { properties?: object } }> }>;
          };
        }
      >;
    };
    expect(
      doc.paths['/v1/positions/{sku}/{location}']?.get?.responses['200']?.content['application/json']?.schema
        .properties,
    ).toHaveProperty('onHand');
    const y = capture();
    expect(await main(['contracts', 'bundle', 'specs/asyncapi/v1/asyncapi.yaml'], y.io)).toBe(0);
    expect((parse(y.out.join('\n')) as { asyncapi: string }).asyncapi).toBe('3.0.0');
  });

  it('check reports the generated files as up to date', async () => {
    const c = capture();
    expect(await main(['contracts', 'check'], c.io)).toBe(0);
    expect(c.out).toEqual(['generated files are up to date']);
  });

  it('usage errors exit 2', async () => {
    const c = capture();
    expect(await main(['contracts', 'diff', 'only-one.yaml'], c.io)).toBe(2);
    expect(c.err.join('\n')).toContain('diff takes <old> <new>');
    const d = capture();
    expect(await main(['contracts', 'frobnicate'], d.io)).toBe(2);
  });
});
