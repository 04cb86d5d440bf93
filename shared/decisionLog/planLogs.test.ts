import { describe, expect, it } from 'vitest';
import { generateOperation } from '../../bench/fixtures/generateOperation';
import { Briefing } from '../domain/briefing';
import { planLogs, planLogTitle } from './planLogs';

const base = generateOperation({ units: 3, features: 8, assignments: 3, seed: 5 });

function plan() {
  const features = base.features.map((f, i) => ({ ...f, bronze: i === 0 ? 'Sector 1 Bronze' : i === 1 ? 'Silver' : '' }));
  const assignments = base.assignments.map((a, i) => ({ ...a, bronze: i === 0 ? 'Cordons Bronze' : i === 1 ? 'sector 1 bronze' : 'Sector 10 Bronze' }));
  const briefing = Briefing.parse({
    gold: { name: 'Ch Supt R. Hughes', callSign: 'GOLD 1' },
    silver: { name: 'Supt A. Patel', callSign: '' },
    bronzeCallSigns: { 'Sector 1 Bronze': 'S1', 'Reserves Bronze': 'R1' },
  });
  return { ...base, features, assignments, operation: { ...base.operation, briefing } };
}

describe('planLogs: the decision logs the plan names', () => {
  it('offers Gold, Silver and each Bronze from features, assignments and the briefing, with call signs', () => {
    const logs = planLogs(plan());
    expect(logs.map((l) => [l.logId, planLogTitle(l), l.commander])).toEqual([
      ['gold', 'Gold (call sign GOLD 1)', 'Ch Supt R. Hughes'],
      ['silver', 'Silver', 'Supt A. Patel'],
      ['bronze-cordons-bronze', 'Cordons Bronze', ''],
      ['bronze-reserves-bronze', 'Reserves Bronze (call sign R1)', ''],
      // One log for two spellings of the same Bronze; numbers in natural order (1 before 10).
      ['bronze-sector-1-bronze', 'Sector 1 Bronze (call sign S1)', ''],
      ['bronze-sector-10-bronze', 'Sector 10 Bronze', ''],
    ]);
  });

  it('does not make a Bronze log of work that reports to Silver', () => {
    expect(planLogs(plan()).some((l) => l.logId === 'bronze-silver')).toBe(false);
  });

  it('without a plan on this workstation offers Gold and Silver only', () => {
    expect(planLogs(null).map((l) => l.logId)).toEqual(['gold', 'silver']);
  });
});
