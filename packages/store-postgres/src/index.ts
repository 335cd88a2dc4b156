export { MIGRATIONS, migrate } from './migrations';
export type { Migration } from './migrations';
export { PostgresInventoryStore } from './pg-store';
export type { PostgresStoreOptions } from './pg-store';
