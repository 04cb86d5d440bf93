import { accountsSuite } from './accounts.suite';
import { MemoryAccounts } from './memoryAccounts';

accountsSuite('memory', () => Promise.resolve({ store: new MemoryAccounts(), dispose: () => Promise.resolve() }));
