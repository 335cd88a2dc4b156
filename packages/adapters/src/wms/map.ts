import type { AdjustmentReason, EventType, StockStatus } from '@omnistock/core';
import { emitEvent } from '../internal/emit';
import { stableEventId } from '../common/ids';
import { type AdapterResult, emptyResult, quarantine } from '../common/result';
import { type IdTable, lookupId, validatePayload } from '../internal/validate';
import { type WmsMessage, WmsMessageSchema, type WmsStatus } from './schemas';

/**
 * How WMS codes map onto omnistock.
 * @example
 * const config: WmsConfig = { locations: { DC01: 'dc-1' } };
 */
export interface WmsConfig {
  /** Warehouse code → omnistock location. When given, unknown codes are `LOCATION_UNKNOWN`; when absent, codes are used as location ids. */
  readonly locations?: IdTable;
  /** Event source; default `wms/<warehouse>`. */
  readonly source?: string;
}

const STATUS: Readonly<Record<WmsStatus, StockStatus>> = {
  AVAILABLE: 'sellable',
  DAMAGED: 'damaged',
  QC_HOLD: 'qualityControl',
};

const ADJUST_REASON: Readonly<Record<string, AdjustmentReason>> = {
  SHRINK: 'shrinkage',
  THEFT: 'theft',
  DAMAGE: 'damage',
  EXPIRY: 'expired',
  FOUND: 'found',
  CYCLE_COUNT: 'cycleCountVariance',
  CORRECTION: 'correction',
  SAMPLE: 'sample',
  OTHER: 'other',
  NOT_FOUND: 'shrinkage',
  DAMAGED: 'damage',
  INSPECTION: 'other',
  RELEASE: 'other',
};

/**
 * Maps one WMS message ({@link WmsMessageSchema}) to canonical events, one (or, for a receipt into
 * a hold status, two) per line:
 * RECEIPT → `stock.received` (+ `stock.statusChanged` sellable→damaged/qualityControl for lines
 * received into a hold); PICK_CONFIRM → `stock.adjusted` for a short quantity the WMS wrote off
 * (picked stock is still on hand until shipped, so a clean pick yields no event);
 * SHIPMENT_CONFIRM → `sale.recorded` (naming the reservation it fulfils); TRANSFER_SHIPPED →
 * `transfer.shipped`; TRANSFER_RECEIVED → `transfer.received`; STATUS_CHANGE →
 * `stock.statusChanged`; ADJUSTMENT → `stock.adjusted`.
 * A malformed message is quarantined whole; a line whose event does not validate is quarantined
 * alone. Ids derive from source, message id, line and kind. Never throws.
 * @example
 * const { events, quarantined } = mapWmsMessage({ type: 'RECEIPT', messageId: 'RCV-1', warehouse: 'dc-1',
 *   occurredAt: '2026-03-01T06:00:00Z', poNumber: 'PO-77', lines: [{ lineNo: 1, sku: 'MUG-1', qty: '24' }] });
 */
export function mapWmsMessage(message: unknown, config: WmsConfig = {}): AdapterResult {
  const wh =
    typeof message === 'object' && message !== null
      ? (message as { warehouse?: unknown }).warehouse
      : undefined;
  const source = config.source ?? `wms/${typeof wh === 'string' && wh !== '' ? wh : 'unknown'}`;
  const v = validatePayload(WmsMessageSchema, message, source, 'WMS message');
  if (!v.ok) return { events: [], quarantined: [v.quarantine] };
  const m = v.value;
  const out = emptyResult();
  const loc = (code: string, path: string): string | undefined => {
    if (config.locations === undefined) return code;
    const id = lookupId(config.locations, code);
    if (id === undefined) {
      out.quarantined.push(
        quarantine('LOCATION_UNKNOWN', `no location is mapped for warehouse ${code}`, source, message, [
          path,
        ]),
      );
    }
    return id;
  };
  const here = loc(m.warehouse, 'warehouse');
  if (here === undefined) return out;
  const emit = (kind: string, lineNo: number, type: EventType, data: Record<string, unknown>) => {
    const id = stableEventId('wms', source, { messageId: m.messageId, lineNo, kind });
    const meta = {
      id,
      source,
      time: m.occurredAt,
      ...(m.sequence !== undefined ? { sequence: m.sequence } : {}),
    };
    emitEvent(out, type, data, meta, message);
  };
  const opt = <K extends string, V>(key: K, value: V | undefined) =>
    value === undefined ? {} : ({ [key]: value } as Record<K, V>);
  switch (m.type) {
    case 'RECEIPT':
      for (const l of m.lines) {
        emit('received', l.lineNo, 'omnistock.stock.received.v1', {
          sku: l.sku,
          location: here,
          qty: l.qty,
          ...opt('supplyId', m.poNumber),
        });
        if (l.condition === 'DAMAGED' || l.condition === 'QC_HOLD') {
          emit('receivedIntoHold', l.lineNo, 'omnistock.stock.statusChanged.v1', {
            sku: l.sku,
            location: here,
            qty: l.qty,
            from: 'sellable',
            to: STATUS[l.condition],
            ...(l.condition === 'DAMAGED' ? { reasonCode: 'damage' } : {}),
          });
        }
      }
      break;
    case 'PICK_CONFIRM':
      for (const l of m.lines) {
        if (l.qtyShort === undefined || l.shortReason === undefined) continue;
        emit('shortPick', l.lineNo, 'omnistock.stock.adjusted.v1', {
          sku: l.sku,
          location: here,
          delta: `-${l.qtyShort}`,
          reasonCode: ADJUST_REASON[l.shortReason],
        });
      }
      break;
    case 'SHIPMENT_CONFIRM':
      for (const l of m.lines) {
        emit('shipped', l.lineNo, 'omnistock.sale.recorded.v1', {
          sku: l.sku,
          location: here,
          qty: l.qty,
          orderRef: m.orderRef,
          ...opt('channel', m.channel),
          ...opt('reservationId', l.reservationId),
        });
      }
      break;
    case 'TRANSFER_SHIPPED': {
      const to = loc(m.toWarehouse, 'toWarehouse');
      if (to === undefined) break;
      for (const l of m.lines) {
        emit('transferShipped', l.lineNo, 'omnistock.transfer.shipped.v1', {
          transferId: m.transferId,
          sku: l.sku,
          from: here,
          to,
          qty: l.qty,
          eta: m.eta,
        });
      }
      break;
    }
    case 'TRANSFER_RECEIVED': {
      const from = loc(m.fromWarehouse, 'fromWarehouse');
      if (from === undefined) break;
      for (const l of m.lines) {
        emit('transferReceived', l.lineNo, 'omnistock.transfer.received.v1', {
          transferId: m.transferId,
          sku: l.sku,
          from,
          to: here,
          qty: l.qty,
        });
      }
      break;
    }
    case 'STATUS_CHANGE':
      for (const l of m.lines) {
        emit('statusChanged', l.lineNo, 'omnistock.stock.statusChanged.v1', {
          sku: l.sku,
          location: here,
          qty: l.qty,
          from: STATUS[l.fromStatus],
          to: STATUS[l.toStatus],
          ...opt('reasonCode', l.reason === undefined ? undefined : ADJUST_REASON[l.reason]),
        });
      }
      break;
    case 'ADJUSTMENT':
      for (const l of m.lines) {
        emit('adjusted', l.lineNo, 'omnistock.stock.adjusted.v1', {
          sku: l.sku,
          location: here,
          delta: l.delta,
          reasonCode: ADJUST_REASON[l.reason],
          ...opt('status', l.status === undefined ? undefined : STATUS[l.status]),
          ...opt('documentUri', l.documentUri),
        });
      }
      break;
  }
  return out;
}

/**
 * Maps a batch of WMS messages in order.
 * @example
 * const { events, quarantined } = mapWmsMessages(messagesFromQueue, { locations: { DC1: 'dc-1' } });
 */
export function mapWmsMessages(messages: readonly unknown[], config: WmsConfig = {}): AdapterResult {
  const out = emptyResult();
  for (const m of messages) {
    const r = mapWmsMessage(m, config);
    out.events.push(...r.events);
    out.quarantined.push(...r.quarantined);
  }
  return out;
}

export type { WmsMessage };
