import { z } from 'zod';

/** The body of `/healthz` and `/readyz`. */
export const HealthSchema = z.strictObject({
  status: z.enum(['ok', 'degraded', 'unavailable']),
  /** Per dependency (store, bus): `ok` or a short failure reason. */
  checks: z.record(z.string(), z.string()).optional(),
  version: z.string().optional(),
});
