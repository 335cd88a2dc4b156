import { itemSpec, type Item } from '../catalog';
import { type ErrorPath, fail, ok, type Issue, type Result } from '../errors';
import { parseMinor, Quantity, type QuantitySpec } from '../quantity';
import { failWithIssues, issuesFromZod } from '../validation';
import { compiledFits, fastValidateEvent } from './fast-validate';
import { EVENT_QUANTITY_KEYS } from './quantity-keys';
import {
  EventSchemas,
  type EventType,
  eventTypeParts,
  EVENT_TYPES,
  isEventType,
  type OmnistockEvent,
} from './registry';

/** Where to find items, to check quantities against their scale. */
export type ItemLookup = ReadonlyMap<string, Item> | ((sku: string) => Item | undefined);

/** Options for {@link parseEvent}. */
export interface ParseEventOptions {
  /** When given, every quantity is checked against its item's scale and unknown skus are errors. */
  readonly items?: ItemLookup;
}

export { EVENT_QUANTITY_KEYS };

const KNOWN_BASES = new Set(
  EVENT_TYPES.map((t) => {
    const p = eventTypeParts(t);
    return `${p?.aggregate}.${p?.event}`;
  }),
);

/**
 * Validates a CloudEvent: the envelope, the type (unknown types and versions get their own codes),
 * the payload, the subject/partition key, and, with `items`, every quantity against its item's
 * scale. Returns a result whose error names the code and path of the first problem (and lists all).
 * Never throws.
 * @example
 * const r = parseEvent({ specversion: '1.0', id: 'e1', source: 'pos/store-1',
 *   type: 'omnistock.sale.recorded.v1', time: '2026-01-01T10:00:00Z', subject: 'A',
 *   data: { sku: 'A', location: 'store-1', qty: '1' } });
 */
export function parseEvent(input: unknown, options: ParseEventOptions = {}): Result<OmnistockEvent> {
  return parseEventWith(input, options, true);
}

/**
 * {@link parseEvent} with zod alone, without the fast path: the reference the fast path is proven
 * equal to (`fast-validate.prop.test.ts`). Not exported from the package.
 * @internal
 * @example
 * parseEventWithZod(raw, { items }); // the same result as parseEvent(raw, { items })
 */
export function parseEventWithZod(input: unknown, options: ParseEventOptions = {}): Result<OmnistockEvent> {
  return parseEventWith(input, options, false);
}

function parseEventWith(input: unknown, options: ParseEventOptions, fast: boolean): Result<OmnistockEvent> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('EVENT_INVALID', 'an event must be a JSON object', { path: [] });
  }
  const type = typeOf(input);
  if (!isEventType(type)) {
    if (typeof type !== 'string') {
      return fail('EVENT_INVALID', 'event: type: must be a string', { path: ['type'] });
    }
    const parts = eventTypeParts(type);
    if (parts && KNOWN_BASES.has(`${parts.aggregate}.${parts.event}`)) {
      return fail(
        'EVENT_VERSION_UNSUPPORTED',
        `event type ${type}: version v${parts.major} is not supported`,
        {
          path: ['type'],
          details: { type },
        },
      );
    }
    return fail('EVENT_TYPE_UNKNOWN', `unknown event type ${JSON.stringify(type).slice(0, 120)}`, {
      path: ['type'],
      details: { type },
    });
  }
  // the fast path returns what zod would, or undefined when it is not sure: then zod decides
  const quick = fast ? fastValidateEvent(type, input) : undefined;
  let event: OmnistockEvent;
  if (quick !== undefined) event = quick;
  else {
    const full = parseWithZod(type, input);
    if (!full.ok) return full;
    event = full.value;
  }
  const subjectIssue = checkSubject(event);
  if (subjectIssue) return failWithIssues([subjectIssue], `event ${type}`);
  const items = options.items;
  if (items) {
    // the fits checks are true exactly when `checkQuantities` finds nothing: skip building issue lists
    const fits = fast ? compiledFits(type) : undefined;
    const fine = fits
      ? fits(event.data, items, quantityFitsItem)
      : fast && quantitiesFit(event.data, lookup(items), undefined);
    if (!fine) {
      const issues = checkQuantities(event.data, ['data'], lookup(items), undefined);
      if (issues.length > 0) return failWithIssues(issues, `event ${type}`);
    }
  }
  return ok(event);
}

/**
 * `input.type`, read in a `for…in` pass where the key is enumerable: V8 gives an object built with
 * spread syntax a map of its own, and a named read on it misses every inline cache (see
 * `internal/event-validator/codegen.ts`); the pass reads the value by field index.
 */
function typeOf(input: object): unknown {
  for (const key in input) if (key === 'type') return (input as Record<string, unknown>)[key];
  return (input as { type?: unknown }).type;
}

/** The zod path: the event, or the failed result with zod's issues mapped to omnistock codes. */
function parseWithZod(type: EventType, input: object): Result<OmnistockEvent> {
  const full = EventSchemas[type].safeParse(input);
  if (!full.success) {
    // Problems inside a present `data` object are payload validation failures; anything about the
    // envelope (or a missing/non-object `data`) makes the event itself invalid.
    const data = (input as { data?: unknown }).data;
    const inData = (path: ErrorPath) => path[0] === 'data' && typeof data === 'object' && data !== null;
    const issues = issuesFromZod(full.error, (path) =>
      inData(path) ? 'VALIDATION_FAILED' : 'EVENT_INVALID',
    ).map((i) =>
      i.code === 'VALIDATION_FAILED' && !inData(i.path) ? { ...i, code: 'EVENT_INVALID' as const } : i,
    );
    return failWithIssues(issues, `event ${type}`);
  }
  return ok(full.data as OmnistockEvent);
}

function lookup(items: ItemLookup): (sku: string) => Item | undefined {
  return typeof items === 'function' ? items : (sku) => items.get(sku);
}

/**
 * The entity an event is about: the sku, or for reservation events the reservation id.
 * @example
 * eventSubject(saleEvent); // 'SKU-1'
 */
export function eventSubject(event: OmnistockEvent): string {
  const data = event.data as { sku?: string; reservationId?: string };
  return data.sku ?? data.reservationId ?? '';
}

function checkSubject(event: OmnistockEvent): Issue | undefined {
  const expected = eventSubject(event);
  if (event.subject !== undefined && event.subject !== expected) {
    return {
      code: 'EVENT_SUBJECT_MISMATCH',
      path: ['subject'],
      message: `subject "${event.subject}" does not name "${expected}" from data`,
    };
  }
  const sku = (event.data as { sku?: string }).sku;
  if (event.partitionkey !== undefined && sku !== undefined && event.partitionkey !== sku) {
    return {
      code: 'EVENT_SUBJECT_MISMATCH',
      path: ['partitionkey'],
      message: `partitionkey "${event.partitionkey}" must be the sku "${sku}"`,
    };
  }
  return undefined;
}

function checkQuantities(
  value: unknown,
  path: (string | number)[],
  find: (sku: string) => Item | undefined,
  item: Item | undefined,
): Issue[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => checkQuantities(v, [...path, i], find, item));
  if (typeof value !== 'object' || value === null) return [];
  const obj = value as Record<string, unknown>;
  let current = item;
  if (typeof obj.sku === 'string') {
    current = find(obj.sku);
    if (!current) {
      return [{ code: 'ITEM_UNKNOWN', path: [...path, 'sku'], message: `no item with sku "${obj.sku}"` }];
    }
  }
  const issues: Issue[] = [];
  for (const [key, v] of Object.entries(obj)) {
    if (EVENT_QUANTITY_KEYS.has(key) && typeof v === 'string' && current) {
      const r = Quantity.parse(v, itemSpec(current));
      if (!r.ok) issues.push({ code: r.error.code, path: [...path, key], message: r.error.message });
    } else if (typeof v === 'object' && v !== null) {
      issues.push(...checkQuantities(v, [...path, key], find, current));
    }
  }
  return issues;
}

/** Whether `Quantity.parse` accepts a spec (it depends on unit and scale only; the units are frozen). */
const specValidity = new Map<string, boolean[]>();
function specIsValid(spec: QuantitySpec): boolean {
  let byScale = specValidity.get(spec.unit);
  if (byScale === undefined) {
    if (specValidity.size > 256) specValidity.clear();
    byScale = [];
    specValidity.set(spec.unit, byScale);
  }
  const known =
    Number.isInteger(spec.scale) && spec.scale >= 0 && spec.scale <= 64 ? byScale[spec.scale] : undefined;
  if (known !== undefined) return known;
  const valid = Quantity.parse('0', spec).ok; // '0' parses at every scale: only the spec can fail
  if (Number.isInteger(spec.scale) && spec.scale >= 0 && spec.scale <= 64) byScale[spec.scale] = valid;
  return valid;
}

/** `parseMinor(text, scale).ok`, remembered: streams repeat the same few quantity texts. */
const fitCache = new Map<number, Map<string, boolean>>();
function fitsScale(text: string, scale: number): boolean {
  let byText = fitCache.get(scale);
  if (byText === undefined) {
    if (fitCache.size > 64) fitCache.clear();
    byText = new Map();
    fitCache.set(scale, byText);
  }
  let fits = byText.get(text);
  if (fits === undefined) {
    fits = parseMinor(text, scale).ok;
    if (byText.size >= 4096) byText.clear();
    byText.set(text, fits);
  }
  return fits;
}

/** `Quantity.parse(text, itemSpec(item)).ok` without its allocations: a valid spec, and the text fits its scale. */
function quantityFitsItem(text: string, item: unknown): boolean {
  const spec = itemSpec(item as Item);
  return specIsValid(spec) && fitsScale(text, spec.scale);
}

/** Whether {@link checkQuantities} would find no issue, without building any (the common case). */
function quantitiesFit(
  value: unknown,
  find: (sku: string) => Item | undefined,
  item: Item | undefined,
): boolean {
  if (Array.isArray(value)) {
    for (const v of value) if (!quantitiesFit(v, find, item)) return false;
    return true;
  }
  if (typeof value !== 'object' || value === null) return true;
  const obj = value as Record<string, unknown>;
  let current = item;
  if (typeof obj.sku === 'string') {
    current = find(obj.sku);
    if (!current) return false;
  }
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (EVENT_QUANTITY_KEYS.has(key) && typeof v === 'string' && current) {
      if (!quantityFitsItem(v, current)) return false;
    } else if (typeof v === 'object' && v !== null && !quantitiesFit(v, find, current)) {
      return false;
    }
  }
  return true;
}

/** Envelope fields a producer supplies when building an event. */
export interface EventMeta {
  readonly id: string;
  readonly source: string;
  readonly time: string;
  readonly sequence?: number | string;
  readonly principal?: string;
}

/**
 * Builds and validates an event of a type, filling `specversion`, `datacontenttype`, `subject`
 * and `partitionkey`. Never throws.
 * @example
 * const e = buildEvent('omnistock.stock.adjusted.v1',
 *   { sku: 'A', location: 'S1', delta: '-1', reasonCode: 'damage' },
 *   { id: 'e-1', source: 'wms/dc-1', time: '2026-01-01T00:00:00Z', sequence: 7 });
 */
export function buildEvent<T extends EventType>(
  type: T,
  data: unknown,
  meta: EventMeta,
  options: ParseEventOptions = {},
): Result<OmnistockEvent & { type: T }> {
  const d = (data ?? {}) as { sku?: unknown; reservationId?: unknown };
  const subject =
    typeof d.sku === 'string' ? d.sku : typeof d.reservationId === 'string' ? d.reservationId : undefined;
  const raw = {
    specversion: '1.0',
    id: meta.id,
    source: meta.source,
    type,
    time: meta.time,
    datacontenttype: 'application/json',
    ...(subject !== undefined ? { subject } : {}),
    ...(typeof d.sku === 'string' ? { partitionkey: d.sku } : {}),
    ...(meta.sequence !== undefined ? { sequence: meta.sequence } : {}),
    ...(meta.principal !== undefined ? { principal: meta.principal } : {}),
    data,
  };
  return parseEvent(raw, options) as Result<OmnistockEvent & { type: T }>;
}
