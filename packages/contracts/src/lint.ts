import { EVENT_TYPE_PATTERN } from '@omnistock/core';
import { escapePointerToken as esc } from './json-pointer';
import { dereference } from './refs';
import { majorVersion, type SpecDocument, specKind } from './spec-io';

/** One finding of {@link lintSpec}. */
export interface LintIssue {
  /** The rule that found it (see README: `operation-id`, `problem-json`, `examples`, ...). */
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  readonly pointer: string;
  readonly message: string;
}

/** Options for {@link lintSpec}. */
export interface LintOptions {
  /** The file path; when it contains `/v<N>/`, `info.version` must be major N. */
  readonly path?: string;
}

type Obj = { [key: string]: unknown };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});

const CAMEL = /^[a-z][a-zA-Z0-9]*$/;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const ROLES = new Set(['read', 'reserve', 'ingest', 'admin']);
const RATE_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'];

/**
 * Checks a contract against omnistock's conventions (see README for the rule list): version rules,
 * operationId style, problem+json on every error response, examples everywhere, roles and
 * rate-limit headers (OpenAPI); event type naming, CloudEvents envelope and examples (AsyncAPI).
 * @example
 * const issues = lintSpec(await readSpec('specs/openapi/v1/openapi.yaml'), { path: 'specs/openapi/v1/openapi.yaml' });
 * issues.filter((i) => i.severity === 'error'); // []
 */
export function lintSpec(doc: SpecDocument, options: LintOptions = {}): LintIssue[] {
  const out: LintIssue[] = [];
  const kind = specKind(doc);
  lintVersion(doc, kind, options, out);
  if (kind === 'openapi') lintOpenApi(doc, out);
  else lintAsyncApi(doc, out);
  return out;
}

function lintVersion(
  doc: SpecDocument,
  kind: 'openapi' | 'asyncapi',
  options: LintOptions,
  out: LintIssue[],
): void {
  const spec = String(doc[kind]);
  const want = kind === 'openapi' ? /^3\.1\.\d+$/ : /^3\.0\.\d+$/;
  if (!want.test(spec)) {
    out.push({
      rule: 'spec-version',
      severity: 'error',
      pointer: `/${kind}`,
      message: `${kind} ${spec}: expected ${kind === 'openapi' ? '3.1.x' : '3.0.x'}`,
    });
  }
  const version = obj(doc.info).version;
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
    out.push({
      rule: 'info-version',
      severity: 'error',
      pointer: '/info/version',
      message: `info.version ${String(version)} is not semver MAJOR.MINOR.PATCH`,
    });
    return;
  }
  const m = options.path ? /[\\/]v(\d+)[\\/]/.exec(options.path) : null;
  const major = majorVersion(doc);
  if (m && major !== Number(m[1])) {
    out.push({
      rule: 'info-version',
      severity: 'error',
      pointer: '/info/version',
      message: `info.version ${version} is not major ${m[1]} as its directory v${m[1]} says`,
    });
  }
  if (major === 0) {
    out.push({
      rule: 'info-version',
      severity: 'warning',
      pointer: '/info/version',
      message: 'major 0: no compatibility promise',
    });
  }
}

function hasExamples(media: Obj): boolean {
  return media.example !== undefined || (isObj(media.examples) && Object.keys(media.examples).length > 0);
}

function lintOpenApi(raw: SpecDocument, out: LintIssue[]): void {
  const doc = dereference(raw) as Obj;
  const seen = new Map<string, string>();
  for (const [path, itemRaw] of Object.entries(obj(doc.paths))) {
    const item = obj(itemRaw);
    for (const m of METHODS) {
      const op = item[m];
      if (!isObj(op)) continue;
      const ptr = `/paths/${esc(path)}/${m}`;
      const id = op.operationId;
      if (typeof id !== 'string') {
        out.push({
          rule: 'operation-id',
          severity: 'error',
          pointer: ptr,
          message: 'operation has no operationId',
        });
      } else {
        if (!CAMEL.test(id))
          out.push({
            rule: 'operation-id',
            severity: 'error',
            pointer: `${ptr}/operationId`,
            message: `operationId ${id} is not camelCase (verbNoun)`,
          });
        const other = seen.get(id);
        if (other)
          out.push({
            rule: 'operation-id',
            severity: 'error',
            pointer: `${ptr}/operationId`,
            message: `operationId ${id} also used at ${other}`,
          });
        seen.set(id, ptr);
      }
      lintOperation(doc, op, ptr, out);
      const params = [
        ...(Array.isArray(item.parameters) ? item.parameters : []),
        ...(Array.isArray(op.parameters) ? op.parameters : []),
      ];
      params.forEach((p, i) => {
        const pp = obj(p);
        if (pp.example === undefined && !isObj(pp.examples)) {
          out.push({
            rule: 'examples',
            severity: 'error',
            pointer: `${ptr}/parameters/${i}`,
            message: `parameter ${String(pp.name)} has no example`,
          });
        }
      });
    }
  }
}

function lintOperation(doc: Obj, op: Obj, ptr: string, out: LintIssue[]): void {
  const body = obj(op.requestBody);
  for (const [type, media] of Object.entries(obj(body.content))) {
    if (!hasExamples(obj(media))) {
      out.push({
        rule: 'examples',
        severity: 'error',
        pointer: `${ptr}/requestBody/content/${esc(type)}`,
        message: `request body ${type} has no example`,
      });
    }
  }
  const security = Array.isArray(op.security) ? op.security : Array.isArray(doc.security) ? doc.security : [];
  const secured = security.some((r) => Object.keys(obj(r)).length > 0);
  if (secured) {
    const roles = op['x-omnistock-roles'];
    if (!Array.isArray(roles) || roles.length === 0 || roles.some((r) => !ROLES.has(String(r)))) {
      out.push({
        rule: 'roles',
        severity: 'error',
        pointer: ptr,
        message: `x-omnistock-roles must list roles from ${[...ROLES].join(', ')}`,
      });
    }
  }
  const responses = obj(op.responses);
  if (Object.keys(responses).length === 0) {
    out.push({
      rule: 'responses',
      severity: 'error',
      pointer: `${ptr}/responses`,
      message: 'operation has no responses',
    });
  }
  for (const [code, rRaw] of Object.entries(responses)) {
    const r = obj(rRaw);
    const rptr = `${ptr}/responses/${esc(code)}`;
    const content = obj(r.content);
    if (/^[45]/.test(code) || code === 'default') {
      const types = Object.keys(content);
      const problem = obj(content['application/problem+json']);
      const codeProp = obj(obj(obj(problem.schema).properties).code);
      if (types.length !== 1 || !isObj(content['application/problem+json'])) {
        out.push({
          rule: 'problem-json',
          severity: 'error',
          pointer: rptr,
          message: `error response ${code} must be application/problem+json only`,
        });
      } else if (!Array.isArray(codeProp.enum) && !Array.isArray(obj(codeProp).anyOf)) {
        out.push({
          rule: 'problem-json',
          severity: 'error',
          pointer: `${rptr}/content/application~1problem+json/schema`,
          message: 'problem schema must have a stable `code` enum',
        });
      }
    }
    for (const [type, media] of Object.entries(content)) {
      if (!hasExamples(obj(media))) {
        out.push({
          rule: 'examples',
          severity: 'error',
          pointer: `${rptr}/content/${esc(type)}`,
          message: `response ${code} ${type} has no example`,
        });
      }
    }
    if (secured && /^2/.test(code)) {
      const headers = obj(r.headers);
      for (const h of RATE_HEADERS) {
        if (!(h in headers))
          out.push({
            rule: 'rate-limit-headers',
            severity: 'warning',
            pointer: rptr,
            message: `response ${code} does not declare ${h}`,
          });
      }
    }
  }
}

function lintAsyncApi(raw: SpecDocument, out: LintIssue[]): void {
  const doc = dereference(raw) as Obj;
  for (const [name, chRaw] of Object.entries(obj(doc.channels))) {
    const ch = obj(chRaw);
    const ptr = `/channels/${esc(name)}`;
    const address = ch.address;
    if (typeof address !== 'string' || !EVENT_TYPE_PATTERN.test(address)) {
      out.push({
        rule: 'event-type',
        severity: 'error',
        pointer: `${ptr}/address`,
        message: `channel address ${String(address)} is not omnistock.<aggregate>.<event>.v<major>`,
      });
    }
    for (const [mname, mRaw] of Object.entries(obj(ch.messages))) {
      const m = obj(mRaw);
      const mptr = `${ptr}/messages/${esc(mname)}`;
      if (typeof m.title !== 'string' || m.title !== address) {
        out.push({
          rule: 'event-type',
          severity: 'error',
          pointer: `${mptr}/title`,
          message: `message title ${String(m.title)} must be the event type ${String(address)}`,
        });
      }
      if (
        m.contentType !== 'application/cloudevents+json' &&
        doc.defaultContentType !== 'application/cloudevents+json'
      ) {
        out.push({
          rule: 'cloudevents',
          severity: 'error',
          pointer: mptr,
          message: 'content type must be application/cloudevents+json',
        });
      }
      const payload = obj(m.payload);
      const props = obj(payload.properties);
      const required = Array.isArray(payload.required) ? payload.required.map(String) : [];
      for (const f of ['specversion', 'id', 'source', 'type', 'time', 'data']) {
        if (!required.includes(f))
          out.push({
            rule: 'cloudevents',
            severity: 'error',
            pointer: `${mptr}/payload`,
            message: `payload must require CloudEvents attribute ${f}`,
          });
      }
      if (!('partitionkey' in props))
        out.push({
          rule: 'cloudevents',
          severity: 'error',
          pointer: `${mptr}/payload`,
          message: 'payload must declare the partitionkey extension',
        });
      const t = obj(props.type).const;
      if (t !== address)
        out.push({
          rule: 'event-type',
          severity: 'error',
          pointer: `${mptr}/payload/properties/type`,
          message: `payload type const ${String(t)} must be ${String(address)}`,
        });
      const examples = Array.isArray(m.examples) ? m.examples : [];
      if (examples.length === 0 || examples.some((e) => !isObj(obj(e).payload))) {
        out.push({
          rule: 'examples',
          severity: 'error',
          pointer: mptr,
          message: 'message needs at least one example with a payload',
        });
      }
    }
  }
  for (const id of Object.keys(obj(doc.operations))) {
    if (!CAMEL.test(id))
      out.push({
        rule: 'operation-id',
        severity: 'error',
        pointer: `/operations/${esc(id)}`,
        message: `operation id ${id} is not camelCase`,
      });
  }
  if (!/at-least-once/i.test(String(obj(doc.info).description ?? ''))) {
    out.push({
      rule: 'consumer-semantics',
      severity: 'error',
      pointer: '/info/description',
      message: 'the description must state the delivery guarantee (at-least-once), dedupe and ordering',
    });
  }
}
