import { NonNegativeDecimalSchema, NonZeroDecimalSchema, PositiveDecimalSchema } from '@omnistock/core';
import { z } from 'zod';

const Ref = z.string().min(1).max(200);
const Code = z.string().min(1).max(128);
const Timestamp = z.iso.datetime({ offset: true });
/** Quantities travel as decimal strings (WMS systems count kg and litres too). */
const Qty = PositiveDecimalSchema;
/** Omnistock checks skus; WMS item codes are used as skus (map them upstream if they differ). */
const Sku = z.string().min(1).max(128);

/**
 * WMS stock statuses (X12 947 / most WMS "inventory status" codes) → canonical statuses.
 * @example
 * WmsStatusSchema.parse('QC_HOLD');
 */
export const WmsStatusSchema = z.enum(['AVAILABLE', 'DAMAGED', 'QC_HOLD']);
/**
 * A WMS stock status code.
 * @example
 * const s: WmsStatus = 'QC_HOLD';
 */
export type WmsStatus = z.infer<typeof WmsStatusSchema>;

/**
 * WMS adjustment reason codes (947 adjustment reasons, condensed).
 * @example
 * WmsAdjustReasonSchema.parse('CYCLE_COUNT');
 */
export const WmsAdjustReasonSchema = z.enum([
  'SHRINK',
  'THEFT',
  'DAMAGE',
  'EXPIRY',
  'FOUND',
  'CYCLE_COUNT',
  'CORRECTION',
  'SAMPLE',
  'OTHER',
]);

const header = {
  /** Unique per warehouse; the event ids derive from it, so a redelivered message maps to the same events. */
  messageId: Ref,
  /** The WMS's warehouse (site) code. */
  warehouse: Code,
  /** The WMS's outbound message counter, when it has one; copied to each event's `sequence`. */
  sequence: z.int().min(0).max(999_999_999_999_999).optional(),
  /** When the transaction happened in the warehouse. */
  occurredAt: Timestamp,
};

function lines<T extends z.ZodRawShape>(shape: T) {
  return z
    .array(z.strictObject({ lineNo: z.int().min(1), sku: Sku, ...shape }))
    .min(1)
    .superRefine((ls, ctx) => {
      const seen = new Set<number>();
      (ls as readonly { lineNo: number }[]).forEach((l, i) => {
        if (seen.has(l.lineNo))
          ctx.addIssue({ code: 'custom', path: [i, 'lineNo'], message: `line ${l.lineNo} twice` });
        seen.add(l.lineNo);
      });
    });
}

/**
 * A WMS transaction message. The shape is a JSON rendering of the ANSI X12 warehouse transaction
 * sets that WMS integrations are built around (and that most WMS REST/JSON exports mirror):
 * 944 *Warehouse Stock Transfer Receipt Advice* (receipts against an ASN/PO, transfer receipts),
 * 945 *Warehouse Shipping Advice* (shipment confirmations), 943 *Warehouse Stock Transfer Shipment
 * Advice* (transfers out), 947 *Warehouse Inventory Adjustment Advice* (adjustments and status
 * changes), plus the pick confirmation most WMSs emit: a header (message id, warehouse, sequence,
 * time, references) and numbered lines.
 * @example
 * WmsMessageSchema.safeParse({ type: 'SHIPMENT_CONFIRM', messageId: 'SHP-31', warehouse: 'dc-1',
 *   occurredAt: '2026-03-01T06:30:00Z', orderRef: 'WEB-5531', lines: [{ lineNo: 1, sku: 'MUG-1', qty: '2' }] }).success; // true
 */
export const WmsMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('RECEIPT'),
    ...header,
    asnNumber: Ref.optional(),
    /** The purchase order received against: it is the `supplyId` of the expected-supply lot it closes. */
    poNumber: Ref.optional(),
    lines: lines({ qty: Qty, condition: z.enum(['GOOD', 'DAMAGED', 'QC_HOLD']).optional() }),
  }),
  z.strictObject({
    type: z.literal('PICK_CONFIRM'),
    ...header,
    orderRef: Ref,
    lines: lines({
      qtyPicked: NonNegativeDecimalSchema,
      qtyShort: Qty.optional(),
      /** Set when the WMS wrote the short quantity off (not found / found damaged at the pick face). */
      shortReason: z.enum(['NOT_FOUND', 'DAMAGED']).optional(),
    }),
  }),
  z.strictObject({
    type: z.literal('SHIPMENT_CONFIRM'),
    ...header,
    orderRef: Ref,
    channel: Code.optional(),
    lines: lines({ qty: Qty, reservationId: Ref.optional() }),
  }),
  z.strictObject({
    type: z.literal('TRANSFER_SHIPPED'),
    ...header,
    transferId: Ref,
    toWarehouse: Code,
    eta: Timestamp,
    lines: lines({ qty: Qty }),
  }),
  z.strictObject({
    type: z.literal('TRANSFER_RECEIVED'),
    ...header,
    transferId: Ref,
    fromWarehouse: Code,
    lines: lines({ qty: Qty }),
  }),
  z.strictObject({
    type: z.literal('STATUS_CHANGE'),
    ...header,
    lines: lines({
      qty: Qty,
      fromStatus: WmsStatusSchema,
      toStatus: WmsStatusSchema,
      reason: z.enum(['DAMAGE', 'INSPECTION', 'RELEASE', 'EXPIRY']).optional(),
    }),
  }),
  z.strictObject({
    type: z.literal('ADJUSTMENT'),
    ...header,
    lines: lines({
      delta: NonZeroDecimalSchema,
      reason: WmsAdjustReasonSchema,
      status: WmsStatusSchema.optional(),
      documentUri: z.string().optional(),
    }),
  }),
]);
/**
 * A validated WMS message.
 * @example
 * const m: WmsMessage = WmsMessageSchema.parse(body);
 */
export type WmsMessage = z.infer<typeof WmsMessageSchema>;
/**
 * The kinds of WMS message.
 * @example
 * const t: WmsMessageType = 'SHIPMENT_CONFIRM';
 */
export type WmsMessageType = WmsMessage['type'];
