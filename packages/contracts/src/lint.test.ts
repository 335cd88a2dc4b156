import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateAsyncApi } from './asyncapi-validate';
import { CONTRACT_FILES } from './generate';
import { lintSpec } from './lint';
import { readSpec, type SpecDocument } from './spec-io';
import { REPO_ROOT } from './internal/repo-root';

const openapiPath = join(REPO_ROOT, CONTRACT_FILES.openapi);
const asyncapiPath = join(REPO_ROOT, CONTRACT_FILES.asyncapi);
const rules = (doc: SpecDocument, path?: string) =>
  lintSpec(doc, path === undefined ? {} : { path }).map((i) => `${i.severity} ${i.rule} ${i.pointer}`);

describe('contracts lint', () => {
  it('the v1 OpenAPI contract has no findings', async () => {
    expect(rules(await readSpec(openapiPath), openapiPath)).toEqual([]);
  });

  it('the v1 AsyncAPI contract has no findings', async () => {
    expect(rules(await readSpec(asyncapiPath), asyncapiPath)).toEqual([]);
  });

  it('finds a non-camelCase operationId, an error response without problem+json, a missing example', async () => {
    const doc = structuredClone(await readSpec(openapiPath)) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const op = doc.paths['/v1/reservations']!.post!;
    op.operationId = 'Create_Reservation';
    (op.responses as Record<string, unknown>)['409'] = {
      description: 'conflict',
      content: { 'application/json': { schema: { type: 'object' }, example: {} } },
    };
    const body = op.requestBody as { content: Record<string, { examples?: unknown }> };
    delete body.content['application/json']!.examples;
    expect(rules(doc as SpecDocument)).toEqual([
      'error operation-id /paths/~1v1~1reservations/post/operationId',
      'error examples /paths/~1v1~1reservations/post/requestBody/content/application~1json',
      'error problem-json /paths/~1v1~1reservations/post/responses/409',
    ]);
  });

  it('enforces version rules: semver, and the major of the v<N> directory', async () => {
    const doc = structuredClone(await readSpec(openapiPath)) as { info: { version: string } };
    doc.info.version = '2.0.0';
    expect(rules(doc as SpecDocument, openapiPath)).toEqual(['error info-version /info/version']);
    doc.info.version = 'v1';
    expect(rules(doc as SpecDocument)).toEqual(['error info-version /info/version']);
  });

  it('finds a badly named event type and a message without examples', async () => {
    const doc = structuredClone(await readSpec(asyncapiPath)) as {
      channels: Record<string, { address: string }>;
      components: { messages: Record<string, { examples?: unknown }> };
    };
    doc.channels.StockAdjustedV1!.address = 'stock-adjusted';
    delete doc.components.messages.SaleRecordedV1!.examples;
    expect(rules(doc as unknown as SpecDocument)).toEqual([
      'error event-type /channels/StockAdjustedV1/address',
      'error event-type /channels/StockAdjustedV1/messages/StockAdjustedV1/title',
      'error event-type /channels/StockAdjustedV1/messages/StockAdjustedV1/payload/properties/type',
      'error examples /channels/SaleRecordedV1/messages/SaleRecordedV1',
    ]);
  });
});

describe('@asyncapi/parser', () => {
  it('parses and validates the v1 AsyncAPI contract without errors or warnings', async () => {
    const { valid, diagnostics } = await validateAsyncApi(await readFile(asyncapiPath, 'utf8'), asyncapiPath);
    expect(diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning')).toEqual([]);
    expect(valid).toBe(true);
  });

  it('reports an invalid document as errors with pointers', async () => {
    const text = (await readFile(asyncapiPath, 'utf8')).replace('action: receive', 'action: listen');
    const { valid, diagnostics } = await validateAsyncApi(text);
    expect(valid).toBe(false);
    expect(diagnostics.some((d) => d.severity === 'error' && d.pointer.startsWith('/operations/'))).toBe(
      true,
    );
  });
});
