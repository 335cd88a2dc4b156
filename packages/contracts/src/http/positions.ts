import { StockPositionSchema } from '@omnistock/core';
import { z } from 'zod';
import { CursorSchema } from './common';

/** A page of stock positions. */
export const PositionPageSchema = z.strictObject({
  items: z.array(StockPositionSchema),
  nextCursor: CursorSchema.optional(),
});
