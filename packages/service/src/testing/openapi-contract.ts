import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTRACT_FILES, dereference, parseSpec, type SpecDocument } from '@omnistock/contracts';

type Obj = Record<string, unknown>;

/** A response object of the spec with every `$ref` resolved. */
export interface SpecResponseObject {
  readonly headers?: Readonly<Record<string, { readonly schema?: Obj; readonly required?: boolean }>>;
  readonly content?: Readonly<Record<string, { readonly schema?: Obj }>>;
}

/** One operation of the spec, as the validator needs it. */
export interface SpecOperation {
  readonly operationId: string;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The path template, e.g. `/v1/reservations/{reservationId}`. */
  readonly path: string;
  /** Responses by status key (`"200"`, `"4XX"`, `"default"`), dereferenced. */
  readonly responses: Readonly<Record<string, SpecResponseObject>>;
  /** The request body's media types and schemas, dereferenced (fuzzers build bodies from them). */
  readonly requestBody?: { readonly required?: boolean; readonly content: Readonly<Record<string, Obj>> };
  /** Path, query and header parameters (operation-level over path-level), dereferenced. */
  readonly parameters: readonly Obj[];
}

/** The OpenAPI document, dereferenced, with its operations indexed for matching. */
export interface OpenApiContract {
  readonly document: SpecDocument;
  readonly operations: readonly SpecOperation[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});

/**
 * Indexes a parsed OpenAPI document (internal `$ref`s are resolved here).
 * @example
 * const contract = openApiContract(parseSpec(text));
 * contract.operations.map((o) => o.operationId);
 */
export function openApiContract(doc: SpecDocument): OpenApiContract {
  const document = dereference(doc);
  const operations: SpecOperation[] = [];
  for (const [path, itemRaw] of Object.entries(obj(document.paths))) {
    const item = obj(itemRaw);
    for (const method of METHODS) {
      const op = obj(item[method]);
      if (!op.responses) continue;
      const byName = new Map<string, Obj>();
      for (const p of [...asArray(item.parameters), ...asArray(op.parameters)]) {
        byName.set(`${String(obj(p).in)}:${String(obj(p).name)}`, obj(p));
      }
      const body = obj(op.requestBody);
      operations.push({
        operationId: typeof op.operationId === 'string' ? op.operationId : `${method} ${path}`,
        method: method.toUpperCase(),
        path,
        responses: obj(op.responses) as Record<string, SpecResponseObject>,
        parameters: [...byName.values()],
        ...(body.content
          ? {
              requestBody: {
                ...(typeof body.required === 'boolean' ? { required: body.required } : {}),
                content: obj(body.content) as Record<string, Obj>,
              },
            }
          : {}),
      });
    }
  }
  return { document, operations };
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

let cached: OpenApiContract | undefined;

/**
 * Loads the v1 OpenAPI document (default: `specs/openapi/v1/openapi.yaml`, found by walking up from
 * this module and from the working directory) and indexes it. The default is loaded once.
 * @example
 * const contract = loadOpenApiContract();
 * findOperation(contract, 'GET', '/v1/availability?sku=A')?.operationId; // 'getAvailability'
 */
export function loadOpenApiContract(path?: string): OpenApiContract {
  if (path !== undefined) return openApiContract(parseSpec(readFileSync(path, 'utf8'), path));
  cached ??= openApiContract(parseSpec(readFileSync(defaultSpecPath(), 'utf8'), CONTRACT_FILES.openapi));
  return cached;
}

function defaultSpecPath(): string {
  const starts = [process.cwd()];
  const url = (import.meta as { url?: string }).url;
  if (typeof url === 'string' && url.startsWith('file:')) starts.unshift(dirname(fileURLToPath(url)));
  for (const start of starts) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const candidate = join(dir, CONTRACT_FILES.openapi);
      if (existsSync(candidate)) return candidate;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(`${CONTRACT_FILES.openapi} not found above ${starts.join(' or ')}; pass its path`);
}

/**
 * The operation a request addresses: the method and a path template whose literal segments equal
 * the URL's (a parameter matches one non-empty segment); the template with most literals wins.
 * @example
 * findOperation(contract, 'POST', 'http://h/v1/reservations/r-1/commit')?.operationId; // 'commitReservation'
 */
export function findOperation(
  contract: OpenApiContract,
  method: string,
  url: string,
): SpecOperation | undefined {
  const segments = pathOf(url).split('/');
  let best: { op: SpecOperation; literals: number } | undefined;
  for (const op of contract.operations) {
    if (op.method !== method.toUpperCase()) continue;
    const template = op.path.split('/');
    if (template.length !== segments.length) continue;
    let literals = 0;
    const matches = template.every((t, i) => {
      const s = segments[i] ?? '';
      if (/^\{[^}]+\}$/.test(t)) return s.length > 0;
      literals += 1;
      return t === s;
    });
    if (matches && (!best || literals > best.literals)) best = { op, literals };
  }
  return best?.op;
}

/** The path of a URL or of a path with a query, undecoded. */
export function pathOf(url: string): string {
  const noQuery = url.split(/[?#]/, 1)[0] ?? '';
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(noQuery);
  return m ? (m[1] ?? '/') : noQuery;
}
