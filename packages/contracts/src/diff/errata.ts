import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Change, DiffReport, Erratum } from './types';

/**
 * One reviewed erratum: a breaking change (by the diff's rules) against the released contract that
 * is accepted within the major because the released schema contradicted the documented semantics
 * (see `specs/GOVERNANCE.md`, "Errata").
 */
export const ErratumSchema = z.strictObject({
  /** The JSON pointer of the change, exactly as `contracts diff` prints it. */
  pointer: z.string().startsWith('/'),
  /** The diff's change kind, e.g. `schema.constraint.loosened`. */
  change: z
    .string()
    .regex(/^[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)+$/, 'a change kind such as schema.type.widened'),
  /** Why the released schema was wrong (cite the semantics or the pinned vectors it contradicted). */
  reason: z.string().trim().min(1),
  /** When it was reviewed (`YYYY-MM-DD`). */
  date: z.iso.date(),
});

/**
 * An errata file (`specs/<contract>/v1/ERRATA.json`): `{ "errata": [Erratum, ...] }`, each
 * `pointer` + `change` listed once.
 */
export const ErrataFileSchema = z
  .strictObject({ errata: z.array(ErratumSchema) })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    for (const [i, e] of file.errata.entries()) {
      const key = `${e.change} ${e.pointer}`;
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['errata', i], message: `${key} is listed twice` });
      }
      seen.add(key);
    }
  });

const keyOf = (pointer: string, kind: string) => `${kind} ${pointer}`;

/**
 * Parses the text of an errata file (JSON). Throws an error naming every problem.
 * @example
 * parseErrata('{ "errata": [] }'); // []
 */
export function parseErrata(text: string, what = 'errata'): Erratum[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${what}: not JSON (${(e as Error).message})`);
  }
  const r = ErrataFileSchema.safeParse(json);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${what}: not an errata file: ${issues.join('; ')}`);
  }
  return r.data.errata;
}

/**
 * Reads an errata file.
 * @example
 * const errata = await readErrata('specs/openapi/v1/ERRATA.json');
 */
export async function readErrata(path: string): Promise<Erratum[]> {
  return parseErrata(await readFile(path, 'utf8'), path);
}

/**
 * Applies reviewed errata to a diff report: a breaking change whose pointer and kind an erratum lists
 * is marked with it (`change.erratum`; still classified breaking, and printed as an erratum); an
 * erratum that matches no breaking change is stale (`staleErrata`). `violation` is then true when a
 * breaking change within the major is not listed, or when any erratum is stale.
 * @example
 * const report = applyErrata(diffSpecs(released, working), await readErrata('specs/openapi/v1/ERRATA.json'));
 * if (report.violation) process.exitCode = 1;
 */
export function applyErrata(report: DiffReport, errata: readonly Erratum[]): DiffReport {
  const byKey = new Map(errata.map((e) => [keyOf(e.pointer, e.change), e]));
  const used = new Set<string>();
  const changes: Change[] = report.changes.map((c) => {
    if (c.classification !== 'breaking') return c;
    const key = keyOf(c.pointer, c.kind);
    const erratum = byKey.get(key);
    if (!erratum) return c;
    used.add(key);
    return { ...c, erratum };
  });
  const staleErrata = errata.filter((e) => !used.has(keyOf(e.pointer, e.change)));
  const newMajorStarted =
    report.oldMajor !== undefined && report.newMajor !== undefined && report.newMajor > report.oldMajor;
  const unlisted = changes.some((c) => c.classification === 'breaking' && c.erratum === undefined);
  return {
    ...report,
    changes,
    staleErrata,
    violation: (unlisted && !newMajorStarted) || staleErrata.length > 0,
  };
}
