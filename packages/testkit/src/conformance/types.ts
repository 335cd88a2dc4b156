/** A path into a vector file, as JSON keys and array indices. */
export type JsonPath = readonly (string | number)[];

/** One difference between what a vector expects and what the implementation produced. */
export interface Mismatch {
  readonly path: JsonPath;
  readonly expected: unknown;
  readonly actual: unknown;
}

/** What a kind handler says about one vector. */
export type KindOutcome =
  | { readonly status: 'pass' }
  | {
      readonly status: 'fail';
      readonly mismatches: readonly Mismatch[];
      /** The whole actual result (or error), for the report. */
      readonly actual: unknown;
      /** A human-readable explanation of the actual result, when the kind has one. */
      readonly explanation?: string;
    }
  | { readonly status: 'malformed'; readonly path: JsonPath; readonly message: string };

/**
 * Runs vectors of one kind. `run` receives the parsed JSON of one vector (its `kind` and `name`
 * already checked), validates the rest itself (malformed → a path and message), and must never
 * throw: the runner catches a throw and reports it as a failure of that vector.
 */
export interface KindHandler {
  readonly kind: string;
  /** One line for `--help` and the README. */
  readonly summary: string;
  run(vector: Readonly<Record<string, unknown>>): KindOutcome;
}
