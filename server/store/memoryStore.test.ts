import { MemoryStore } from './memoryStore';
import { storeSuite } from './store.suite';

storeSuite('memory', () => Promise.resolve({ store: new MemoryStore(), dispose: () => Promise.resolve() }));
