/** Whether a change can break an existing client, producer or consumer. */
export type Classification = 'breaking' | 'non-breaking';

/** One difference between two versions of a contract. */
export interface Change {
  /** JSON pointer into the new document (into the old one for removals). */
  readonly pointer: string;
  /** A stable name for the kind of change, e.g. `operation.removed`, `schema.enum.narrowed`. */
  readonly kind: string;
  readonly classification: Classification;
  readonly message: string;
  /**
   * The reviewed erratum that accepts this breaking change within the major (set by `applyErrata`;
   * the change stays classified breaking and is printed as an erratum).
   */
  readonly erratum?: Erratum;
}

/**
 * A reviewed erratum (`specs/<contract>/v1/ERRATA.json`): the breaking change at `pointer` of kind
 * `change` corrects a released schema that contradicted the documented semantics (GOVERNANCE, Errata).
 */
export interface Erratum {
  /** The JSON pointer of the change, as the diff prints it. */
  readonly pointer: string;
  /** The diff's change kind (`Change.kind`). */
  readonly change: string;
  readonly reason: string;
  /** When it was reviewed, `YYYY-MM-DD`. */
  readonly date: string;
}

/**
 * Which side reads a schema, and so which changes break: a `request` schema is written by clients
 * (and events by producers) and read by the service; a `response` schema is read by clients (and
 * events by consumers). `both` is used where a schema travels both ways; a change breaking in
 * either direction is then breaking.
 */
export type Direction = 'request' | 'response' | 'both';

/** The result of comparing two contracts. */
export interface DiffReport {
  readonly kind: 'openapi' | 'asyncapi';
  readonly changes: readonly Change[];
  /** True when at least one change is breaking. */
  readonly breaking: boolean;
  readonly oldMajor: number | undefined;
  readonly newMajor: number | undefined;
  /**
   * True when a breaking change happens within one major version: the change is not allowed. After
   * `applyErrata`: when such a change is not listed as an erratum, or when an erratum is stale.
   */
  readonly violation: boolean;
  /** After `applyErrata`: errata that match no breaking change (an error: remove them). */
  readonly staleErrata?: readonly Erratum[];
}

/** Builds a change, choosing its classification from the direction it breaks in. */
export function change(
  pointer: string,
  kind: string,
  message: string,
  breaksIn: Direction | 'always' | 'never',
  direction: Direction,
): Change {
  const breaking =
    breaksIn === 'always' ||
    (breaksIn !== 'never' && (breaksIn === 'both' || direction === 'both' || breaksIn === direction));
  return { pointer, kind, classification: breaking ? 'breaking' : 'non-breaking', message };
}
