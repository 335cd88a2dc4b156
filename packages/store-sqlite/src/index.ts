export { migrateSqlite, SQLITE_MIGRATIONS } from './migrations';
export type { SqliteMigration } from './migrations';
export { SqliteInventoryStore } from './sqlite-store';
export type { SqliteStoreOptions } from './sqlite-store';
