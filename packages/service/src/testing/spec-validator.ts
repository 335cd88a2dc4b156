import { ProblemStatus } from '@omnistock/contracts';
import type { ErrorCode } from '@omnistock/core';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import {
  findOperation,
  loadOpenApiContract,
  type OpenApiContract,
  pathOf,
  type SpecOperation,
  type SpecResponseObject,
} from './openapi-contract';

/** A response as observed on the wire, with the request that produced it. */
export interface ObservedResponse {
  /** The request's method. */
  readonly method: string;
  /** The request's URL, or its path and query. */
  readonly url: string;
  readonly status: number;
  readonly headers: Headers | Readonly<Record<string, string | undefined>>;
  /** The body as text (`''` when there is none). */
  readonly body: string;
}

/** Which promise of the spec a response broke. */
export type ViolationRule = 'operation' | 'status' | 'content-type' | 'body' | 'header' | 'problem';

/** One way a response disagrees with the spec. */
export interface SpecViolation {
  readonly rule: ViolationRule;
  /** `METHOD /path → status (operationId)`. */
  readonly where: string;
  readonly message: string;
}

/**
 * Headers the service promises whenever the spec declares them on a response: every declared
 * `RateLimit-*` and `ETag` on a 2xx, `Retry-After` on a 429 (OpenAPI's `required: true` always).
 */
function promised(name: string, status: number): boolean {
  const n = name.toLowerCase();
  if (status >= 200 && status < 300) return n.startsWith('ratelimit-') || n === 'etag';
  return status === 429 && n === 'retry-after';
}

const STRONG_ETAG = /^"[\x21\x23-\x7e\x80-\xff]*"$/;

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

function schemaErrors(schema: object, value: unknown): string[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
    return `${e.instancePath || '/'} ${e.message ?? e.keyword}${extra}`;
  });
}

function header(headers: ObservedResponse['headers'], name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

/** A header's text as the JSON value its schema describes (`"42"` → 42 for an integer schema). */
function headerValue(text: string, schema: Record<string, unknown>): unknown {
  const type = schema.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(text.trim())) {
    return Number(text.trim());
  }
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

function responseFor(op: SpecOperation, status: number): SpecResponseObject | undefined {
  return (
    op.responses[String(status)] ?? op.responses[`${Math.floor(status / 100)}XX`] ?? op.responses.default
  );
}

const isJsonMedia = (media: string) => media === 'application/json' || media.endsWith('+json');

/**
 * Checks one response against the OpenAPI v1 document: the operation exists for the method and
 * path; the status is declared for it; the `Content-Type` is a declared media type; the body
 * validates against the declared schema (JSON Schema 2020-12 with formats); declared headers are
 * present where the service promises them (every `RateLimit-*` and `ETag` on a 2xx, `Retry-After`
 * on a 429) and match their schemas when present (an `ETag` must be a strong entity tag); a problem
 * document's `status` is the HTTP status and the one its `code` is sent with. Returns every
 * violation (empty when the response conforms).
 * @example
 * const violations = validateResponse({
 *   method: 'GET', url: '/healthz', status: 200,
 *   headers: { 'content-type': 'application/json' }, body: '{"status":"ok"}',
 * });
 * violations.length; // 0
 */
export function validateResponse(
  response: ObservedResponse,
  contract: OpenApiContract = loadOpenApiContract(),
): SpecViolation[] {
  const method = response.method.toUpperCase();
  const op = findOperation(contract, method, response.url);
  const path = pathOf(response.url);
  if (!op) {
    const where = `${method} ${path} → ${response.status}`;
    return [{ rule: 'operation', where, message: `the spec has no operation ${method} ${path}` }];
  }
  const where = `${method} ${path} → ${response.status} (${op.operationId})`;
  const out: SpecViolation[] = [];
  const fail = (rule: ViolationRule, message: string) => out.push({ rule, where, message });

  const declared = responseFor(op, response.status);
  if (!declared) {
    const statuses = Object.keys(op.responses).join(', ');
    fail('status', `status ${response.status} is not declared (declared: ${statuses})`);
    return out;
  }
  for (const [name, h] of Object.entries(declared.headers ?? {})) {
    const text = header(response.headers, name);
    if (text === undefined) {
      if (h.required === true || promised(name, response.status)) fail('header', `${name} is missing`);
      continue;
    }
    const schema = h.schema ?? {};
    for (const e of schemaErrors(schema, headerValue(text, schema))) {
      fail('header', `${name}: ${JSON.stringify(text)}: ${e}`);
    }
    if (name.toLowerCase() === 'etag' && !STRONG_ETAG.test(text)) {
      fail('header', `ETag ${JSON.stringify(text)} is not a strong entity tag`);
    }
  }
  checkBody(response, declared, fail);
  return out;
}

function checkBody(
  response: ObservedResponse,
  declared: SpecResponseObject,
  fail: (rule: ViolationRule, message: string) => void,
): void {
  const content = declared.content ?? {};
  const medias = Object.keys(content);
  if (medias.length === 0) {
    if (response.body.length > 0) fail('body', 'a body was sent where the spec declares none');
    return;
  }
  const contentType = header(response.headers, 'content-type');
  const media = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  if (media === undefined || media === '') {
    fail('content-type', `no Content-Type (declared: ${medias.join(', ')})`);
    return;
  }
  const mediaObject = content[media];
  if (!mediaObject) {
    fail('content-type', `Content-Type ${contentType} is not declared (declared: ${medias.join(', ')})`);
    return;
  }
  let value: unknown = response.body;
  if (isJsonMedia(media)) {
    try {
      value = JSON.parse(response.body);
    } catch {
      fail('body', `the ${media} body is not JSON: ${JSON.stringify(response.body.slice(0, 120))}`);
      return;
    }
  }
  for (const e of schemaErrors(mediaObject.schema ?? {}, value)) fail('body', e);
  if (media === 'application/problem+json') checkProblem(value, response.status, fail);
}

function checkProblem(
  value: unknown,
  status: number,
  fail: (rule: ViolationRule, message: string) => void,
): void {
  if (typeof value !== 'object' || value === null) return;
  const problem = value as { status?: unknown; code?: unknown };
  if (problem.status !== status) {
    fail('problem', `the problem's status ${String(problem.status)} is not the HTTP status ${status}`);
  }
  const expected = typeof problem.code === 'string' ? ProblemStatus[problem.code as ErrorCode] : undefined;
  if (expected !== undefined && expected !== status) {
    fail('problem', `code ${String(problem.code)} is sent with ${expected}, not ${status}`);
  }
}
