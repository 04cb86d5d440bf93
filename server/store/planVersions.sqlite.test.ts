import { planVersionsSuite } from './planVersions.suite';
import { sqliteTarget } from './suiteTargets';

planVersionsSuite('sqlite', sqliteTarget, { persistent: true });
