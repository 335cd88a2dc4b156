import { createReadStream } from 'node:fs';

/** One line of a text file with its 1-based number and the bytes read so far. */
export interface Line {
  readonly text: string;
  readonly number: number;
  readonly bytesRead: number;
}

/**
 * Reads a file line by line (LF or CRLF) through the stream's own backpressure, so only one chunk and
 * one partial line are held in memory however large the file is.
 * @example
 * for await (const line of readLines('events.jsonl')) console.log(line.number, line.text);
 */
export async function* readLines(path: string): AsyncGenerator<Line> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  let rest = '';
  let number = 0;
  let bytesRead = 0;
  for await (const chunk of stream as AsyncIterable<string>) {
    bytesRead = stream.bytesRead;
    rest += chunk;
    let at = rest.indexOf('\n');
    while (at !== -1) {
      const raw = rest.slice(0, at);
      rest = rest.slice(at + 1);
      number++;
      yield { text: raw.endsWith('\r') ? raw.slice(0, -1) : raw, number, bytesRead };
      at = rest.indexOf('\n');
    }
  }
  if (rest.length > 0) {
    number++;
    yield { text: rest.endsWith('\r') ? rest.slice(0, -1) : rest, number, bytesRead };
  }
}
