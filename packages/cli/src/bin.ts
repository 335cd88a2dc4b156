import { main } from './main';

const tty = process.stderr.isTTY === true;
const code = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${tty ? '\r\x1b[2K' : ''}${line}\n`),
  cwd: process.cwd(),
  env: process.env,
  ...(tty ? { progress: (line: string) => process.stderr.write(`\r\x1b[2K${line}`) } : {}),
});
process.exitCode = code;
