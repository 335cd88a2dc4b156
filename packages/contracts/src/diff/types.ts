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
  /** True when a breaking change happens within one major version: the change is not allowed. */
  readonly violation: boolean;
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
