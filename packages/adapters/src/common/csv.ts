/**
 * One parsed CSV record with the physical line it starts on (1-based).
 * @example
 * const [header]: CsvRecord[] = parseCsv(text).records;
 */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/**
 * A CSV syntax problem (unterminated quote, a quote inside an unquoted field).
 * @example
 * for (const e of parseCsv(text).errors) console.log(`line ${e.line}: ${e.message}`);
 */
export interface CsvSyntaxError {
  readonly line: number;
  readonly message: string;
}

/**
 * The records of a CSV text and any syntax errors (a bad record is skipped and reported).
 * @example
 * const { records, errors }: CsvParseResult = parseCsv(text);
 */
export interface CsvParseResult {
  readonly records: CsvRecord[];
  readonly errors: CsvSyntaxError[];
}

/**
 * Parses RFC 4180 CSV: fields separated by `,`, records by CRLF or LF, fields that contain `,`,
 * `"` or line breaks quoted with `"` and inner quotes doubled. A leading UTF-8 BOM is ignored, as
 * is one trailing line break; blank lines are skipped (a record of one empty field is written `""`). Never throws: a record with a syntax error is
 * reported with its line number and left out.
 * @example
 * parseCsv('sku,name\r\nA,"Tea, green"\n').records;
 * // [{ line: 1, fields: ['sku', 'name'] }, { line: 2, fields: ['A', 'Tea, green'] }]
 */
export function parseCsv(text: string): CsvParseResult {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  let i = 0;
  let line = 1;
  const n = src.length;
  while (i < n) {
    const startLine = line;
    const startIndex = i;
    const fields: string[] = [];
    let error: string | undefined;
    // one record
    for (;;) {
      let field = '';
      if (src[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) {
            error = 'unterminated quoted field';
            break;
          }
          const c = src[i];
          if (c === '"') {
            if (src[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        if (!error && i < n && src[i] !== ',' && src[i] !== '\n' && src[i] !== '\r') {
          error = 'unexpected character after a closing quote';
        }
      } else {
        while (i < n && src[i] !== ',' && src[i] !== '\n' && src[i] !== '\r') {
          if (src[i] === '"') error ??= 'a quote inside an unquoted field';
          field += src[i];
          i++;
        }
      }
      fields.push(field);
      if (error) {
        // skip to the end of the physical line to resynchronise
        while (i < n && src[i] !== '\n') i++;
        break;
      }
      if (src[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (src[i] === '\r') i++;
    if (src[i] === '\n') {
      i++;
      line++;
    }
    if (error) errors.push({ line: startLine, message: error });
    else if (!(fields.length === 1 && fields[0] === '' && src[startIndex] !== '"')) {
      records.push({ line: startLine, fields });
    }
  }
  return { records, errors };
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/**
 * Writes rows as RFC 4180 CSV with CRLF line breaks, quoting a field only when it contains `,`,
 * `"`, a line break, or leading/trailing whitespace. `undefined` and `null` become empty fields.
 * @example
 * writeCsv([['sku', 'name'], ['A', 'Tea, green']]); // 'sku,name\r\nA,"Tea, green"\r\n'
 */
export function writeCsv(rows: Iterable<readonly (string | number | boolean | null | undefined)[]>): string {
  let out = '';
  for (const row of rows) {
    if (row.length === 1 && (row[0] === '' || row[0] === undefined || row[0] === null)) {
      out += '""\r\n';
      continue;
    }
    out += row
      .map((v) => {
        const s = v === undefined || v === null ? '' : String(v);
        return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
      })
      .join(',');
    out += '\r\n';
  }
  return out;
}

/**
 * A CSV data row keyed by header name, with its line number.
 * @example
 * for (const { line, values } of parseCsvObjects(text).rows) console.log(line, values.sku);
 */
export interface CsvRow {
  readonly line: number;
  readonly values: Record<string, string>;
}

/**
 * Parses CSV with a header row into objects keyed by column name (header names are trimmed; empty
 * cells are left out so optional columns validate as absent). A row with more or fewer fields than
 * the header is reported as a syntax error.
 * @example
 * parseCsvObjects('sku,onHand\nA,5\n').rows; // [{ line: 2, values: { sku: 'A', onHand: '5' } }]
 */
export function parseCsvObjects(text: string): { rows: CsvRow[]; errors: CsvSyntaxError[] } {
  const { records, errors } = parseCsv(text);
  const [header, ...data] = records;
  if (!header) return { rows: [], errors: [...errors] };
  const names = header.fields.map((h) => h.trim());
  const rows: CsvRow[] = [];
  const errs = [...errors];
  for (const r of data) {
    if (r.fields.length !== names.length) {
      errs.push({ line: r.line, message: `expected ${names.length} fields, found ${r.fields.length}` });
      continue;
    }
    const values: Record<string, string> = {};
    names.forEach((name, i) => {
      const v = r.fields[i] ?? '';
      if (v !== '') values[name] = v;
    });
    rows.push({ line: r.line, values });
  }
  errs.sort((a, b) => a.line - b.line);
  return { rows, errors: errs };
}
