import { syncSuite } from './sync.suite';
import { pgTargets } from './suiteTargets';

const pg = pgTargets('sync');
syncSuite('postgres', pg.make, { skip: pg.skip, persistent: true });
