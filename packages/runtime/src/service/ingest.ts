import { type ErrorCode, type ErrorPath, fail, formatPath, ok, type Result } from '@omnistock/core';
import type { BusEvent } from '../bus/event-bus';
import type { InventoryStore } from '../store/inventory-store';
import { canonicalJson, lockOrder, refKey, toStoredEvent } from '../store/kernel';
import type { PositionRef, PositionSnapshot, StoredEvent } from '../store/records';
import type { Decisions } from './decisions';
import { namedLocations, type Projection } from './projection';
import type { IngestResult } from './types';

/** What an ingest needs from the service. @internal */
export interface IngestDeps {
  readonly store: InventoryStore;
  readonly projection: Projection;
  readonly decisions: Decisions;
  /** The catalog's location ids. */
  readonly locations: ReadonlySet<string>;
}

class StaleProjection extends Error {}

/** Stores wrap what a projection throws (`STORE_UNAVAILABLE` with a `cause`): look through them. */
function isStale(error: unknown): boolean {
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (e instanceof StaleProjection) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

type Pending =
  | { readonly kind: 'result'; readonly result: IngestResult }
  | {
      readonly kind: 'quarantine';
      readonly raw: unknown;
      readonly eventId?: string;
      readonly code: ErrorCode;
      readonly message: string;
      readonly path?: ErrorPath;
    };

/**
 * Ingests a batch: the projection cache (caught up with the store's log) classifies each event by
 * the ledger's rules; accepted events are appended with the positions they change in one store
 * transaction (refused, and retried by the service, if another writer changed those positions
 * since the catch-up); quarantined inputs are then kept in the store's quarantine. With
 * `resubmitOf`, a still-invalid input stays under that quarantine id instead of a new one.
 * @internal
 */
export async function ingestBatch(
  deps: IngestDeps,
  raws: readonly unknown[],
  principal: string | null,
  now: string,
  resubmitOf: number | undefined,
): Promise<Result<IngestResult[]>> {
  const { store, projection, decisions } = deps;
  // every row an event of the batch can touch, and how the cache sees it before the batch
  const candidates = lockOrder(raws.flatMap((raw) => projection.touched(raw)));
  const before = new Map(candidates.map((r) => [refKey(r), projection.positionJson(r)]));
  decisions.fed += 1;
  const ledger = projection.ledger;
  const pending: Pending[] = [];
  const fresh: StoredEvent[] = [];
  const refs: PositionRef[] = [...candidates];
  for (const raw of raws) {
    // the ledger checks items but knows no locations: stock at a location no channel can see would
    // make every availability answer for the sku fail, so it waits in quarantine for a fixed location
    const unknown = namedLocations(raw).find((n) => !deps.locations.has(n.location));
    if (unknown !== undefined) {
      const eventId = (raw as { id?: unknown }).id;
      pending.push({
        kind: 'quarantine',
        raw,
        ...(typeof eventId === 'string' ? { eventId } : {}),
        code: 'LOCATION_UNKNOWN',
        message: `no location "${unknown.location}" in the catalog`,
        path: unknown.path,
      });
      continue;
    }
    const o = ledger.ingest(raw);
    if (o.status === 'applied' || o.status === 'absorbed' || o.status === 'ignored') {
      fresh.push({ ...toStoredEvent(raw as BusEvent), principal });
      refs.push(...projection.touched(raw));
      pending.push({
        kind: 'result',
        result: {
          status: 'accepted',
          eventId: o.eventId as string,
          outcome: o.status,
          ...(o.gap ? { gap: o.gap } : {}),
        },
      });
    } else if (o.status === 'duplicate' && o.code === undefined) {
      pending.push({ kind: 'result', result: { status: 'duplicate', eventId: o.eventId as string } });
    } else {
      const entry = ledger.quarantine().find((q) => q.id === o.quarantineId);
      const code = o.code ?? 'EVENT_INVALID';
      pending.push({
        kind: 'quarantine',
        raw,
        ...(o.eventId !== undefined ? { eventId: o.eventId } : {}),
        code,
        message: entry?.message ?? code,
        ...(entry?.path ? { path: entry.path } : {}),
      });
    }
  }
  // rows only this batch revealed (a reservation's lines) are locked and written, not compared
  const locked = lockOrder(refs);
  if (fresh.length > 0) {
    let appended: Awaited<ReturnType<InventoryStore['append']>>;
    try {
      appended = await store.append({
        events: fresh,
        positions: locked,
        project: (_fresh, rows: PositionSnapshot) => {
          for (const r of candidates) {
            const mine = before.get(refKey(r));
            const theirs = rows.get(refKey(r))?.position;
            const same =
              mine === undefined || theirs === undefined
                ? mine === theirs
                : canonicalJson(mine) === canonicalJson(theirs);
            if (!same) throw new StaleProjection('another writer changed these positions');
          }
          return { positions: projection.rows(locked) };
        },
      });
    } catch (error) {
      if (isStale(error)) {
        return fail('INTERNAL', 'another writer changed these positions; retrying', {
          details: { retry: true },
        });
      }
      throw error;
    }
    if (!appended.ok) return appended;
    if (appended.value.appended.length !== fresh.length) {
      // another writer stored some of these ids since the catch-up: rebuild the cache from the log
      projection.invalidate();
    }
  }
  const results: IngestResult[] = [];
  const open = resubmitOf === undefined ? await openEntries(store, pending) : undefined;
  for (const p of pending) {
    if (p.kind === 'result') {
      results.push(p.result);
      continue;
    }
    const message = p.path && p.path.length > 0 ? `${formatPath(p.path)}: ${p.message}` : p.message;
    const reason = { raw: p.raw, reasonCode: p.code, message, path: p.path ?? null };
    let id: number;
    if (resubmitOf === undefined) {
      // a re-delivered input (at-least-once buses, client retries) that is still waiting in
      // quarantine for the same reason is the same entry, not a new one
      const key = p.eventId === undefined ? undefined : `${p.code}\u0000${canonicalJson(p.raw)}`;
      const same = key === undefined ? undefined : open?.get(key);
      id = same ?? (await store.quarantine({ ...reason, receivedAt: now, principal })).id;
      if (key !== undefined) open?.set(key, id);
    } else {
      // a failed re-submission: the entry shows the input that failed last, and why
      const kept = await store.requarantine(resubmitOf, reason);
      if (!kept.ok) return kept;
      id = kept.value.id;
    }
    results.push({
      status: 'quarantined',
      ...(p.eventId !== undefined ? { eventId: p.eventId } : {}),
      quarantineId: id,
      code: p.code,
      message: p.message,
      ...(p.path ? { path: p.path } : {}),
    });
  }
  return ok(results);
}

/**
 * The open quarantine entries that inputs of this batch could repeat, by reason code and canonical
 * input: only inputs with an event id are looked up (one store query per batch, none without
 * quarantined inputs).
 */
async function openEntries(store: InventoryStore, pending: readonly Pending[]): Promise<Map<string, number>> {
  const ids = new Set<string>();
  for (const p of pending) if (p.kind === 'quarantine' && p.eventId !== undefined) ids.add(p.eventId);
  const open = new Map<string, number>();
  if (ids.size === 0) return open;
  for (const q of await store.findQuarantined([...ids])) {
    const key = `${q.reasonCode}\u0000${canonicalJson(q.raw)}`;
    if (!open.has(key)) open.set(key, q.id);
  }
  return open;
}
