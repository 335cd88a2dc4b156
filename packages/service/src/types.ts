import type { ChannelPolicySetInput } from '@omnistock/atp';
import type { Item, Location, LocationGroup } from '@omnistock/core';
import type { EventBus, InventoryService, InventoryStore } from '@omnistock/runtime';
import type { Logger } from 'pino';

/** What a key may do (OpenAPI v1 `x-omnistock-roles`). `reserve` implies `read`; `admin` implies all. */
export type Role = 'read' | 'reserve' | 'ingest' | 'admin';

/** One API key as configured: only the key's SHA-256 hash is kept. */
export interface ApiKeyEntry {
  /** The principal's id, recorded on every command and ingested event (the audit trail). */
  readonly id: string;
  /** Lower-case hex SHA-256 of the key (see `hashApiKey`). */
  readonly keyHash: string;
  readonly roles: readonly Role[];
  /** `'*'` or the channel ids the key may ask availability for and reserve against. */
  readonly channels: '*' | readonly string[];
  /** This key's own limit; default the app's `rateLimit`. */
  readonly rateLimit?: RateLimitOptions;
}

/** The authenticated caller of a request. */
export interface Principal {
  readonly id: string;
  readonly roles: ReadonlySet<Role>;
  readonly channels: '*' | ReadonlySet<string>;
}

/** A fixed-window request limit per key. */
export interface RateLimitOptions {
  /** Requests per window. */
  readonly limit: number;
  readonly windowMs: number;
}

/** What the service sells, where, and under which channel policies (`startService` builds the facade from it). */
export interface ServiceCatalog {
  readonly items: readonly Item[];
  readonly locations: readonly Location[];
  readonly groups: readonly LocationGroup[];
  readonly policies: ChannelPolicySetInput;
  /** The channels availability may be asked for and reserved against; another one is `404 CHANNEL_UNKNOWN`. */
  readonly channels: readonly string[];
}

/** Options of `createApp`. */
export interface AppOptions {
  readonly service: InventoryService;
  readonly keys: readonly ApiKeyEntry[];
  /**
   * The facade's store, when the app may read it directly: readiness probes it, source freshness is
   * seeded from its event log, and the overview and `/metrics` list live reservations from it.
   */
  readonly store?: InventoryStore;
  /**
   * The catalog the facade was built from: unknown channels are refused with `CHANNEL_UNKNOWN`, an
   * unknown sku × location pair of known ids reads as a zero position, and the overview lists it.
   */
  readonly catalog?: ServiceCatalog;
  /** Dead letters, readiness and metrics read it when given. */
  readonly bus?: EventBus;
  /** A pino logger; `false` silences request logs (default: pino at `info` to stdout). */
  readonly logger?: Logger | false;
  /** Largest accepted request body in bytes; default 1 MiB. */
  readonly bodyLimit?: number;
  /** Default per-key limit; default 600 requests per 60 s. */
  readonly rateLimit?: RateLimitOptions;
  /** Dependency checks for `/readyz`: name → `'ok'` or a short failure reason. Default: store and bus probes. */
  readonly readiness?: () => Promise<Record<string, string>>;
  /** The clock; default the system clock. */
  readonly clock?: () => Date;
  /** Reported by `/healthz`; default the package version. */
  readonly version?: string;
  /** Serve the operator dashboard at `/` (default true). */
  readonly dashboard?: boolean;
}

/** Freshness of one event source, as the dashboard and `/metrics` show it. */
export interface SourceFreshness {
  readonly source: string;
  /** CloudEvents `time` of the newest accepted event from the source. */
  readonly lastEventTime: string;
  /** When the service received it. */
  readonly lastReceivedAt: string;
  /** now − lastEventTime, in seconds. */
  readonly freshnessSeconds: number;
  /** receivedAt − event time of the newest event, in seconds (how late the source delivers). */
  readonly lagSeconds: number;
  /** Events accepted from the source since the service started (or since the log was scanned). */
  readonly events: number;
}

/** `GET /ops/overview` (admin key): everything the operator dashboard shows on its first screen. */
export interface OpsOverview {
  readonly generatedAt: string;
  readonly sources: readonly SourceFreshness[];
  readonly ingest: { readonly accepted: number; readonly duplicate: number; readonly quarantined: number };
  readonly quarantine: { readonly size: number };
  readonly deadLetters: {
    readonly count: number;
    readonly items: readonly {
      readonly eventId: string;
      readonly type: string;
      readonly deliveries: number;
      readonly reason: string;
    }[];
  };
  /** Held and committed reservations (newest first, at most 200), as the v1 `Reservation` JSON. */
  readonly reservations: { readonly live: number; readonly items: readonly unknown[] };
  /** The latest reconciliation report (v1 `ReconciliationReport` JSON), when there was one. */
  readonly reconciliation: { readonly last?: unknown; readonly exceptions: number };
  readonly oversold: {
    readonly count: number;
    readonly positions: readonly { readonly sku: string; readonly location: string; readonly free: string }[];
  };
  /** For the per-sku view's pickers. */
  readonly catalog: {
    readonly skus: readonly string[];
    readonly locations: readonly string[];
    readonly groups: readonly string[];
    readonly channels: readonly string[];
  };
}
