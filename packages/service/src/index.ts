export { createApp } from './app';
export { createOmnistockClient } from './client/index';
export type { OmnistockClient, OmnistockClientOptions } from './client/index';
export { demoCatalog } from './demo/catalog';
export type { DemoCatalog } from './demo/catalog';
export { demoKeys } from './demo/keys';
export type { DemoKey } from './demo/keys';
export { demoSeedEvents } from './demo/seed';
export { hashApiKey } from './internal/auth';
export { startService } from './serve';
export type { RunningService, ServeOptions } from './serve';
export type {
  ApiKeyEntry,
  AppOptions,
  OpsOverview,
  Principal,
  RateLimitOptions,
  Role,
  ServiceCatalog,
  SourceFreshness,
} from './types';
export { SERVICE_VERSION } from './version';
