import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AsyncApiComponentSchemas, componentJsonSchemas, OpenApiComponentSchemas } from './components';
import { compareSchemas } from './diff/index';
import type { Change } from './diff/types';
import { CONTRACT_FILES, generatedDrift, openApiTypes, withComponentSchemas } from './generate';
import { readSpec } from './spec-io';
import { REPO_ROOT } from './internal/repo-root';

/** Every field-level difference between two JSON values, as JSON pointers. */
function fieldDiff(a: unknown, b: unknown, ptr = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  ) {
    return [`${ptr || '/'}: ${JSON.stringify(a)?.slice(0, 80)} ≠ ${JSON.stringify(b)?.slice(0, 80)}`];
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) =>
    fieldDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${ptr}/${k}`),
  );
}

describe('generated artefacts', () => {
  it('the checked-in contracts and TS types match what generation produces (no drift)', async () => {
    expect(await generatedDrift(REPO_ROOT)).toEqual([]);
  });

  it('OpenAPI components/schemas agree field by field with z.toJSONSchema of the zod schemas', async () => {
    const spec = await readSpec(join(REPO_ROOT, CONTRACT_FILES.openapi));
    const inSpec = (spec.components as { schemas: Record<string, unknown> }).schemas;
    const fromZod = componentJsonSchemas(OpenApiComponentSchemas);
    expect(Object.keys(inSpec).sort()).toEqual(Object.keys(fromZod).sort());
    for (const [name, schema] of Object.entries(fromZod)) {
      expect(fieldDiff(inSpec[name], schema, `/components/schemas/${name}`)).toEqual([]);
    }
  });

  it('AsyncAPI components/schemas agree field by field with the core event schemas', async () => {
    const spec = await readSpec(join(REPO_ROOT, CONTRACT_FILES.asyncapi));
    const inSpec = (spec.components as { schemas: Record<string, unknown> }).schemas;
    const fromZod = componentJsonSchemas(AsyncApiComponentSchemas, 'draft-07');
    expect(Object.keys(inSpec).sort()).toEqual(Object.keys(fromZod).sort());
    for (const [name, schema] of Object.entries(fromZod)) {
      expect(fieldDiff(inSpec[name], schema, `/components/schemas/${name}`)).toEqual([]);
    }
  });

  it('detects drift: a zod change (a narrowed enum) shows up as a breaking schema difference', () => {
    const before = componentJsonSchemas(OpenApiComponentSchemas);
    const mutated = structuredClone(before.ReservationState) as { enum: string[] };
    mutated.enum = mutated.enum.filter((s) => s !== 'expired');
    const out: Change[] = [];
    compareSchemas(before.ReservationState, mutated, '/components/schemas/ReservationState', 'request', out);
    expect(out.map((c) => [c.kind, c.classification])).toEqual([['schema.enum.narrowed', 'breaking']]);
  });

  it('regenerating the TS types in memory reproduces the checked-in file, and a spec edit changes them', async () => {
    const text = await readFile(join(REPO_ROOT, CONTRACT_FILES.openapi), 'utf8');
    const spec = await readSpec(join(REPO_ROOT, CONTRACT_FILES.openapi));
    const checkedIn = await readFile(join(REPO_ROOT, CONTRACT_FILES.openapiTypes), 'utf8');
    expect(await openApiTypes(spec)).toBe(checkedIn);
    const edited = structuredClone(spec) as { paths: Record<string, unknown> };
    delete edited.paths['/metrics'];
    expect(await openApiTypes(edited)).not.toBe(checkedIn);
    expect(parse(withComponentSchemas(text, componentJsonSchemas(OpenApiComponentSchemas)))).toEqual(
      parse(text),
    );
  });
});
