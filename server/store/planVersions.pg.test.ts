import { planVersionsSuite } from './planVersions.suite';
import { pgTargets } from './suiteTargets';

const pg = pgTargets('plan-version');
planVersionsSuite('postgres', pg.make, { skip: pg.skip, persistent: true });
