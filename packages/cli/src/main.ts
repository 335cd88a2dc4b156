import { OmnistockError } from '@omnistock/core';
import { type Io, parseCommandArgs, UsageError } from './command';
import { commands } from './commands/index';

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: omnistock <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `omnistock <command> --help` for a command's options.",
  ].join('\n');
}

/**
 * Runs the `omnistock` CLI with arguments (without `node` and the script) and returns the exit code:
 * 0 success, 1 failure reported by the command, 2 usage error.
 * @example
 * const code = await main(['demo'], { out: console.log, err: console.error, cwd: process.cwd() });
 */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`omnistock: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  try {
    const args = parseCommandArgs(command, rest);
    if (args.values.help) {
      io.out(command.usage);
      return 0;
    }
    return await command.run(
      { values: args.values as Record<string, unknown>, positionals: args.positionals },
      io,
    );
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`omnistock ${name}: ${e.message}\n\n${command.usage}`);
      return 2;
    }
    if (e instanceof OmnistockError) {
      io.err(`omnistock ${name}: ${e.code}: ${e.message}`);
      return 1;
    }
    io.err(`omnistock ${name}: ${(e as Error).message ?? String(e)}`);
    return 1;
  }
}
