export { createOmnistockClient } from './client/index';
export type { OmnistockClient, OmnistockClientOptions } from './client/index';
