export {
  arbDecimalText,
  arbEvent,
  arbEventData,
  arbItem,
  arbLocationId,
  arbMinor,
  arbPosition,
  arbQuantity,
  arbSku,
  arbSpec,
  arbTimestamp,
} from './arbitraries';
export type { QuantityArbOptions } from './arbitraries';
