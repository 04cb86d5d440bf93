import { MemoryStore } from './memoryStore';
import { syncSuite } from './sync.suite';

syncSuite('memory', () => Promise.resolve({ store: new MemoryStore(), dispose: () => Promise.resolve() }));
