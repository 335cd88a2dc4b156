import { arbTimestamp } from '@omnistock/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapWmsMessage } from './index';

const arbLine = fc.record({
  sku: fc.constantFrom('MUG-1', 'TEE-RED-M', 'bad sku'),
  qty: fc.constantFrom('1', '2.5', '0', '24'),
  status: fc.constantFrom('AVAILABLE', 'DAMAGED', 'QC_HOLD'),
  toStatus: fc.constantFrom('AVAILABLE', 'DAMAGED', 'QC_HOLD'),
});

const arbMessage = fc
  .record({
    type: fc.constantFrom(
      'RECEIPT',
      'PICK_CONFIRM',
      'SHIPMENT_CONFIRM',
      'TRANSFER_SHIPPED',
      'TRANSFER_RECEIVED',
      'STATUS_CHANGE',
      'ADJUSTMENT',
    ),
    messageId: fc.stringMatching(/^[A-Z]{3}-\d{1,4}$/),
    sequence: fc.option(fc.nat(100_000), { nil: undefined }),
    occurredAt: arbTimestamp(),
    lines: fc.array(arbLine, { minLength: 1, maxLength: 4 }),
  })
  .map((m) => {
    const lines = m.lines.map((l, i) => {
      const base = { lineNo: i + 1, sku: l.sku };
      switch (m.type) {
        case 'PICK_CONFIRM':
          return { ...base, qtyPicked: l.qty, qtyShort: '1', shortReason: 'NOT_FOUND' };
        case 'STATUS_CHANGE':
          return { ...base, qty: l.qty, fromStatus: l.status, toStatus: l.toStatus };
        case 'ADJUSTMENT':
          return { ...base, delta: `-${l.qty}`, reason: 'SHRINK' };
        case 'RECEIPT':
          return { ...base, qty: l.qty, condition: l.status === 'QC_HOLD' ? 'QC_HOLD' : 'GOOD' };
        default:
          return { ...base, qty: l.qty };
      }
    });
    const extra =
      m.type === 'PICK_CONFIRM' || m.type === 'SHIPMENT_CONFIRM'
        ? { orderRef: 'SO-1' }
        : m.type === 'TRANSFER_SHIPPED'
          ? { transferId: 'T-1', toWarehouse: 'store-1', eta: '2026-12-31T00:00:00Z' }
          : m.type === 'TRANSFER_RECEIVED'
            ? { transferId: 'T-1', fromWarehouse: 'dc-2' }
            : {};
    return {
      type: m.type,
      messageId: m.messageId,
      warehouse: 'dc-1',
      occurredAt: m.occurredAt,
      ...(m.sequence !== undefined ? { sequence: m.sequence } : {}),
      ...extra,
      lines,
    };
  });

describe('wms mapping is deterministic and idempotent', () => {
  it('the same message twice gives the same events and ids; nothing is lost', () => {
    fc.assert(
      fc.property(arbMessage, (msg) => {
        const a = mapWmsMessage(msg);
        const b = mapWmsMessage(structuredClone(msg));
        expect(b).toEqual(a);
        expect(a.events.length + a.quarantined.length).toBeGreaterThan(0);
        expect(new Set(a.events.map((e) => e.id)).size).toBe(a.events.length);
        // another message id never reuses an event id
        const c = mapWmsMessage({ ...msg, messageId: `${msg.messageId}-X` });
        const ids = new Set(a.events.map((e) => e.id));
        expect(c.events.some((e) => ids.has(e.id))).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
