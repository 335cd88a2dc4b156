import { runBusContract } from '../testing/bus-contract';
import { InMemoryEventBus } from './memory-bus';

runBusContract('InMemoryEventBus', async () => {
  const bus = new InMemoryEventBus();
  return { bus, dispose: () => bus.close() };
});
