import { z } from 'zod';
import { AtpVectorSchema } from './kinds/atp';
import { LedgerVectorSchema } from './kinds/ledger';
import { ReservationVectorSchema } from './kinds/reservation';

/** JSON Schemas of the kinds that have one, by kind (others are validated by their handler only). */
const kindSchemas: Readonly<Record<string, z.ZodType>> = {
  atp: AtpVectorSchema,
  ledger: LedgerVectorSchema,
  reservation: ReservationVectorSchema,
};

/**
 * The JSON Schema (draft 2020-12) of a conformance vector file: a vector or an array of vectors;
 * every vector has `kind` and `name`, and the kinds with a schema are checked by `kind`. Generated
 * from the zod schemas; `specs/conformance/vector.schema.json` is checked against it by a test.
 * Regenerate the file after changing a vector schema:
 * `node --conditions=source --import tsx -e "import('@omnistock/testkit').then((t) => console.log(JSON.stringify(t.vectorJsonSchema(), null, 2)))" > specs/conformance/vector.schema.json`
 * @example
 * JSON.stringify(vectorJsonSchema(), null, 2);
 */
export function vectorJsonSchema(): Record<string, unknown> {
  const defs: Record<string, unknown> = {};
  const branches: unknown[] = [];
  for (const [kind, schema] of Object.entries(kindSchemas)) {
    const name = `${kind[0]!.toUpperCase()}${kind.slice(1)}Vector`;
    const {
      $schema: _,
      $defs,
      ...json
    } = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      unrepresentable: 'any',
      io: 'input',
    });
    Object.assign(defs, $defs ?? {}, { [name]: json });
    branches.push({
      if: { properties: { kind: { const: kind } }, required: ['kind'] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable
      then: { $ref: `#/$defs/${name}` },
    });
  }
  const vector = {
    type: 'object',
    required: ['kind', 'name'],
    properties: {
      kind: {
        type: 'string',
        description: 'The vector kind: atp, ledger, reservation, or another kind the runner registers.',
      },
      name: { type: 'string', minLength: 1 },
      description: { type: 'string' },
    },
    allOf: branches,
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://omnistock.dev/specs/conformance/vector.schema.json',
    title: 'omnistock conformance vector',
    description: 'A conformance vector, or an array of them. See specs/conformance/README.md.',
    oneOf: [{ $ref: '#/$defs/Vector' }, { type: 'array', minItems: 1, items: { $ref: '#/$defs/Vector' } }],
    $defs: { Vector: vector, ...defs },
  };
}
