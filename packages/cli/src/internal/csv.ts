/** One parsed CSV record with the line it starts on (1-based). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/** A CSV syntax error with its line. */
export class CsvError extends Error {
  override readonly name = 'CsvError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/**
 * Parses RFC 4180 CSV: comma separated, fields optionally in double quotes (a quoted field may hold
 * commas, line breaks and `""` for a quote), LF or CRLF line ends. Blank lines are skipped.
 * @example
 * parseCsv('sku,location,onHand\n"TEE, M",s1,3\n'); // [{ line: 1, fields: [...] }, { line: 2, fields: ['TEE, M', 's1', '3'] }]
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let wasQuoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !wasQuoted)) records.push({ line: start, fields });
    fields = [];
    field = '';
    wasQuoted = false;
  };
  for (; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (field !== '' || wasQuoted) throw new CsvError(line, 'a quote inside an unquoted field');
      quoted = true;
      wasQuoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      wasQuoted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else {
      if (wasQuoted) throw new CsvError(line, 'text after a closing quote');
      field += c;
    }
  }
  if (quoted) throw new CsvError(start, 'a quoted field is not closed');
  if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return records;
}

/**
 * Quotes a field for CSV output when it needs it.
 * @example
 * csvField('a,b'); // '"a,b"'
 */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
