export type { WmsConfig } from './map';
export { mapWmsMessage, mapWmsMessages } from './map';
export type { WmsMessage, WmsMessageType, WmsStatus } from './schemas';
export { WmsAdjustReasonSchema, WmsMessageSchema, WmsStatusSchema } from './schemas';
