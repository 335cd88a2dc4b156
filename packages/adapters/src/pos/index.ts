export type { PosCaptureSnapshot, PosStep } from './capture';
export { PosCapture } from './capture';
export type { PosCaptureOptions, PosCount, PosReturn, PosSale } from './schemas';
export { PosCaptureOptionsSchema, PosCountSchema, PosReturnSchema, PosSaleSchema } from './schemas';
