import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { vectorFiles } from './runner';
import { vectorJsonSchema } from './schema';

const root = resolve(import.meta.dirname, '../../../../specs/conformance');
const checkedIn = JSON.parse(readFileSync(join(root, 'vector.schema.json'), 'utf8'));

describe('specs/conformance/vector.schema.json', () => {
  it('is the schema generated from the zod vector schemas (no drift)', () => {
    expect(checkedIn).toEqual(vectorJsonSchema());
  });
  it('accepts every atp vector and rejects a malformed one', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(checkedIn);
    for (const file of vectorFiles(join(root, 'atp'))) {
      const ok = validate(JSON.parse(readFileSync(file, 'utf8')));
      expect({ file, errors: ok ? null : validate.errors }).toEqual({ file, errors: null });
    }
    const bad = JSON.parse(readFileSync(join(root, 'atp/bucket-design-example.json'), 'utf8'));
    bad.query.type = 'nowhere';
    expect(validate(bad)).toBe(false);
  });
});
