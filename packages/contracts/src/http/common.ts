import { z } from 'zod';

/** An RFC 3339 timestamp with an offset, as every omnistock contract carries times. */
export const TimestampSchema = z.iso.datetime({ offset: true });

/** An opaque pagination cursor; absent when there are no more pages. */
export const CursorSchema = z.string().min(1).max(512);
