import { arbEvent } from '@omnistock/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEvent } from './parse';
import { EVENT_TYPES } from './registry';

describe('every event arbitrary round-trips through its schema', () => {
  for (const type of EVENT_TYPES) {
    it(type, () => {
      fc.assert(
        fc.property(arbEvent(type), (raw) => {
          const wire = JSON.parse(JSON.stringify(raw));
          const r = parseEvent(wire);
          if (!r.ok) throw new Error(JSON.stringify(r.error));
          expect(JSON.parse(JSON.stringify(r.value))).toEqual(wire);
        }),
        { numRuns: 1000 },
      );
    });
  }
});
