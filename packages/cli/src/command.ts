import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes: injectable so tests read what a user would see. */
export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly cwd: string;
  /** Environment variables (`PORT`, `DATABASE_URL`, `OMNISTOCK_URL`, ...); none when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Redraws a progress line in place (stderr when it is a terminal). Absent when stderr is not a
   * terminal: commands then print a plain line now and then through `err`.
   */
  readonly progress?: (line: string) => void;
  /** Aborting it stops a long-running command (`serve`) as SIGINT does. */
  readonly signal?: AbortSignal;
}

/** One `omnistock` subcommand. `run` returns the process exit code. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Usage text shown by `omnistock <name> --help`. */
  readonly usage: string;
  readonly options?: ParseArgsConfig['options'];
  run(args: { values: Record<string, unknown>; positionals: string[] }, io: Io): Promise<number> | number;
}

/** A bad flag or argument: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses a command's arguments strictly (unknown flags are usage errors). */
export function parseCommandArgs(command: Command, argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: { help: { type: 'boolean', short: 'h' }, ...(command.options ?? {}) },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
