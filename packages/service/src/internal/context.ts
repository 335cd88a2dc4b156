import type { InventoryService } from '@omnistock/runtime';
import type { EventBus, InventoryStore } from '@omnistock/runtime';
import type { ApiKeyEntry, Principal, RateLimitOptions, ServiceCatalog } from '../types';
import type { KeyRing } from './auth';
import type { FreshnessTracker } from './freshness';
import type { ServiceMetrics } from './metrics';
import type { FixedWindowLimiter } from './rate-limit';
import type { ReconciliationLog } from './reconciliations';
import type { ReplayLog } from './replays';
import type { ReportJson } from './report';

/** Everything the routes share: the facade, its store and bus, and the app's own state. */
export interface AppContext {
  readonly service: InventoryService;
  readonly store: InventoryStore | undefined;
  readonly bus: EventBus | undefined;
  readonly catalog: ServiceCatalog | undefined;
  readonly keys: KeyRing;
  readonly entries: readonly ApiKeyEntry[];
  readonly rateLimit: RateLimitOptions;
  readonly limiter: FixedWindowLimiter;
  readonly freshness: FreshnessTracker;
  readonly reconciliations: ReconciliationLog<ReportJson>;
  /** Responses kept under an optional `Idempotency-Key` (event ingest, re-submission). */
  readonly replays: ReplayLog;
  readonly metrics: ServiceMetrics;
  readonly ingestTotals: { accepted: number; duplicate: number; quarantined: number };
  readonly version: string;
  readonly now: () => Date;
  readonly readiness: () => Promise<Record<string, string>>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller (null on public routes). */
    principal: Principal | null;
    /** The matched route's pattern (`/v1/reservations/:id`), or `unmatched` (set by the guard). */
    routePattern: string;
  }
}
