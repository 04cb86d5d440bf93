import { syncSuite } from './sync.suite';
import { sqliteTarget } from './suiteTargets';

syncSuite('sqlite', sqliteTarget, { persistent: true });
