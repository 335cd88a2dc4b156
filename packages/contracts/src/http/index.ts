export * from './common';
export * from './health';
export * from './ingest';
export * from './positions';
export * from './problem';
export * from './reconciliation';
