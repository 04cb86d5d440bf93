import { MemoryStore } from './memoryStore';
import { planVersionsSuite } from './planVersions.suite';

planVersionsSuite('memory', () => Promise.resolve({ store: new MemoryStore(), dispose: () => Promise.resolve() }));
