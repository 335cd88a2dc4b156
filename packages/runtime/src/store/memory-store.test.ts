import { runStoreContract } from '../testing/store-contract';
import { InMemoryInventoryStore } from './memory-store';

runStoreContract('InMemoryInventoryStore', async () => {
  const store = new InMemoryInventoryStore();
  return { store, dispose: () => store.close() };
});
