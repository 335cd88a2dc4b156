export { eventually, runBusContract, testEvent } from './bus-contract';
export type { BusHarness } from './bus-contract';
export { requireService, TEST_DATABASE_URL, TEST_NATS_URL } from './services';
export type { RequireServiceOptions, ServiceGate } from './services';
export { runStoreContract } from './store-contract';
export type { StoreHarness } from './store-contract';
export {
  emptyRow,
  freeOf,
  holdDecision,
  projectReceipts,
  receivedEvent,
  releaseDecision,
  seedStock,
} from './store-fixtures';
export type { FixtureLine } from './store-fixtures';
export { crashLoop, expectCrashInvariants, runAndKill } from './crash';
export { runServiceSuite } from './service-suite';
