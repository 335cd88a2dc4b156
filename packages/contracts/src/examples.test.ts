import { join } from 'node:path';
import { EventSchemas, type EventType, isEventType, parseEvent } from '@omnistock/core';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { OpenApiComponentSchemas } from './components';
import { ProblemStatus } from './http/problem';
import { getAtPointer } from './json-pointer';
import { CONTRACT_FILES } from './generate';
import { readSpec, type SpecDocument } from './spec-io';
import { REPO_ROOT } from './internal/repo-root';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});

/** Follows a `$ref` within the document (one level at a time, until a non-ref). */
function deref(doc: SpecDocument, v: unknown): Obj {
  let cur = obj(v);
  while (typeof cur.$ref === 'string') cur = obj(getAtPointer(doc, cur.$ref));
  return cur;
}

interface MediaExample {
  readonly where: string;
  readonly schemaRef: string | undefined;
  readonly inlineSchema: Obj;
  readonly name: string;
  readonly value: unknown;
  readonly status?: string;
}

/** Every example of every request body and response of the OpenAPI document. */
function openApiExamples(doc: SpecDocument): MediaExample[] {
  const out: MediaExample[] = [];
  const fromContent = (content: unknown, where: string, status?: string) => {
    for (const [type, mediaRaw] of Object.entries(obj(content))) {
      const media = obj(mediaRaw);
      const schema = obj(media.schema);
      for (const [name, exRaw] of Object.entries(obj(media.examples))) {
        out.push({
          where: `${where} ${type} example ${name}`,
          schemaRef: typeof schema.$ref === 'string' ? schema.$ref : undefined,
          inlineSchema: schema,
          name,
          value: deref(doc, exRaw).value,
          ...(status === undefined ? {} : { status }),
        });
      }
    }
  };
  for (const [path, item] of Object.entries(obj(doc.paths))) {
    for (const [method, opRaw] of Object.entries(obj(item))) {
      const op = obj(opRaw);
      if (!op.responses) continue;
      const where = `${method.toUpperCase()} ${path}`;
      fromContent(deref(doc, op.requestBody).content, `${where} request`);
      for (const [status, r] of Object.entries(obj(op.responses))) {
        fromContent(deref(doc, r).content, `${where} ${status}`, status);
      }
    }
  }
  return out;
}

function openApiValidator(doc: SpecDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'urn:omnistock:openapi', components: obj(doc.components) });
  return (ref: string, value: unknown) => {
    const validate = ajv.getSchema(`urn:omnistock:openapi${ref}`);
    if (!validate) throw new Error(`no schema ${ref}`);
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}

describe('OpenAPI examples validate against the zod schemas and the spec schemas', async () => {
  const doc = await readSpec(join(REPO_ROOT, CONTRACT_FILES.openapi));
  const examples = openApiExamples(doc);
  const jsonSchema = openApiValidator(doc);

  it('finds examples on every operation', () => {
    const operations = Object.values(obj(doc.paths)).flatMap((i) => Object.values(obj(i))).length;
    expect(operations).toBeGreaterThanOrEqual(20);
    expect(examples.length).toBeGreaterThan(operations * 3);
  });

  it.each(examples.filter((e) => e.schemaRef).map((e) => [e.where, e] as const))('%s', (_where, e) => {
    const name = e.schemaRef!.split('/').pop()!;
    const zod = OpenApiComponentSchemas[name];
    expect(zod, `no zod schema behind ${e.schemaRef}`).toBeDefined();
    const parsed = zod!.safeParse(e.value);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(
      [],
    );
    expect(jsonSchema(e.schemaRef!, e.value)).toEqual([]);
    if (name === 'Problem') {
      const p = e.value as { status: number; code: keyof typeof ProblemStatus };
      expect(String(p.status)).toBe(e.status);
      expect(ProblemStatus[p.code]).toBe(p.status);
    }
  });

  it('the ingest example: parseEvent agrees with the per-event outcome (accepted/duplicate vs quarantined + code)', () => {
    const request = examples.find((e) => e.where.startsWith('POST /v1/events request application/json'));
    const response = examples.find((e) => e.where.startsWith('POST /v1/events 200'));
    if (!request || !response) throw new Error('the ingest examples are missing');
    const events = request.value as unknown[];
    const results = (
      response.value as {
        results: { status: string; id?: string; reason?: { code: string; path?: unknown[] } }[];
      }
    ).results;
    expect(events.length).toBe(results.length);
    events.forEach((event, i) => {
      const r = parseEvent(event);
      const outcome = results[i]!;
      expect(outcome.id).toBe((event as { id?: string }).id);
      if (outcome.status === 'quarantined') {
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(outcome.reason?.code).toBe(r.error.code);
          expect(outcome.reason?.path).toEqual(r.error.path);
        }
      } else expect(r.ok).toBe(true);
    });
  });

  it('quarantine examples hold events that really fail with their reason; the corrected re-submission parses', () => {
    const entries = examples
      .filter((e) => e.schemaRef?.endsWith('/QuarantineEntry') || e.schemaRef?.endsWith('/QuarantinePage'))
      .flatMap((e) =>
        e.schemaRef?.endsWith('/QuarantinePage') ? (e.value as { items: unknown[] }).items : [e.value],
      );
    expect(entries.length).toBeGreaterThanOrEqual(2);
    for (const entry of entries as { event: unknown; reason: { code: string } }[]) {
      const r = parseEvent(entry.event);
      expect(r.ok ? 'ok' : r.error.code).toBe(entry.reason.code);
    }
    const resubmit = examples.find((e) => e.where.includes('/resubmit request'));
    if (!resubmit) throw new Error('the resubmit example is missing');
    expect(parseEvent((resubmit.value as { event: unknown }).event).ok).toBe(true);
  });

  it('every parameter example validates against its schema', () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    ajv.addSchema({ $id: 'urn:omnistock:params', components: obj(doc.components) });
    let n = 0;
    for (const item of Object.values(obj(doc.paths))) {
      const ops = Object.values(obj(item)).filter((o) => obj(o).responses);
      for (const op of ops) {
        for (const p of [
          ...((obj(item).parameters as unknown[]) ?? []),
          ...((obj(op).parameters as unknown[]) ?? []),
        ]) {
          const param = deref(doc, p);
          const schema = obj(param.schema);
          const validate = ajv.compile(
            typeof schema.$ref === 'string' ? { $ref: `urn:omnistock:params${schema.$ref}` } : schema,
          );
          expect(validate(param.example), `${String(param.name)} example`).toBe(true);
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(30);
  });
});

describe('AsyncAPI message examples validate against core (parseEvent) and the spec schemas', async () => {
  const doc = await readSpec(join(REPO_ROOT, CONTRACT_FILES.asyncapi));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'urn:omnistock:asyncapi', components: obj(doc.components) });
  const channels = Object.entries(obj(doc.channels));

  it('has a channel for every registered event type', () => {
    const addresses = channels.map(([, c]) => obj(c).address).sort();
    expect(addresses).toEqual(Object.keys(EventSchemas).sort());
  });

  it.each(channels)('%s', (_name, channelRaw) => {
    const channel = obj(channelRaw);
    const type = String(channel.address);
    expect(isEventType(type)).toBe(true);
    for (const m of Object.values(obj(channel.messages))) {
      const message = deref(doc, m);
      const payloadRef = String(obj(message.payload).$ref);
      const examples = message.examples as { payload: unknown }[];
      expect(examples.length).toBeGreaterThan(0);
      for (const ex of examples) {
        const r = parseEvent(ex.payload);
        expect(r.ok ? r.value.type : r.error.message).toBe(type);
        expect(EventSchemas[type as EventType].safeParse(ex.payload).success).toBe(true);
        const validate = ajv.getSchema(`urn:omnistock:asyncapi${payloadRef}`);
        expect(validate?.(ex.payload), JSON.stringify(validate?.errors)).toBe(true);
        const event = ex.payload as { partitionkey?: string; data: { sku?: string } };
        if (event.data.sku !== undefined) expect(event.partitionkey).toBe(event.data.sku);
      }
    }
  });
});
